import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../src/schema.ts';
import { seedLocalCase } from './review.ts';

/** A session known only to the local database, with a bare decision (no evidence): for sharing tests. */
export async function seedSession(
  db: Kysely<DB>,
  opts: { status: string; kind?: 'user' | 'business'; vendorData?: string; at?: Date },
): Promise<string> {
  const decision = {
    session_kind: opts.kind ?? 'user',
    vendor_data: opts.vendorData ?? null,
    id_verifications: [],
  };
  const { sessionId } = await seedLocalCase(db, { status: opts.status, at: opts.at, decision });
  return sessionId;
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** A JWT shaped like Didit's share token, signed with nothing Didit knows: for local checks only. */
export function fakeShareToken(claims: Record<string, unknown>): string {
  return `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}.${randomUUID().replace(/-/g, '')}`;
}

/** A CSV export split into lines and cells (the console writes CRLF; the cells tests read hold no commas). */
export function csvRows(text: string): string[][] {
  return text
    .trim()
    .split('\r\n')
    .map((line) => line.split(','));
}
