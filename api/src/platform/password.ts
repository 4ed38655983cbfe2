import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { PASSWORD_MAX_LENGTH } from './password-policy.ts';

/** OWASP's Argon2id baseline (m=19 MiB, t=2, p=1). Stored as a PHC string, so raising it later is safe. */
const ARGON2ID_OPTIONS = {
  algorithm: 2 as Algorithm, // Algorithm.Argon2id (an ambient const enum, not importable as a value)
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2ID_OPTIONS);
}

// A real hash of a random string: unknown accounts cost the same time as known ones.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(
  storedHash: string | null | undefined,
  password: string,
): Promise<boolean> {
  if (password.length > PASSWORD_MAX_LENGTH) return false;
  if (!storedHash) {
    dummyHash ??= hashPassword(crypto.randomUUID());
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}
