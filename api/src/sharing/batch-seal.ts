import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  type KeyObject,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { AppError } from '../platform/errors.ts';

/**
 * A batch's share tokens wait for their one download sealed to a key pair made for that batch (X25519; each
 * token: an ephemeral X25519 agreement, HKDF-SHA256, AES-256-GCM bound to the batch and row). The database
 * keeps the public key and the sealed tokens; the private key goes to the person who started the batch, once,
 * in the answer to the start, and is never written anywhere on our side. So any replica can seal (a batch
 * survives a restart or moves to another process) and any replica can open for whoever brings the key, while
 * a copy of the database — a backup, its WAL, a replica — holds nothing that opens a token.
 * See docs/replicas.md, "Batch share across replicas".
 */
const VERSION = 1;
const INFO = Buffer.from('didit-console share-batch token v1');
/** SPKI DER of an X25519 public key is always 44 bytes. */
const SPKI_LENGTH = 44;

export interface BatchKeyPair {
  /** SPKI DER, stored in `share_batches.public_key`. */
  publicKey: Buffer;
  /** PKCS#8 DER as base64url: handed to the requester once, never stored. */
  batchKey: string;
}

export function newBatchKeyPair(): BatchKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  return {
    publicKey: publicKey.export({ type: 'spki', format: 'der' }),
    batchKey: privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64url'),
  };
}

const aad = (batchId: string, position: number) => Buffer.from(`${batchId}:${position}`);

function derive(shared: Buffer, ephemeral: Buffer, recipient: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeral, recipient]), INFO, 32));
}

export function sealToken(publicKeyDer: Buffer, batchId: string, position: number, token: string): Buffer {
  const recipient = createPublicKey({ key: publicKeyDer, format: 'der', type: 'spki' });
  const eph = generateKeyPairSync('x25519');
  const ephPub = eph.publicKey.export({ type: 'spki', format: 'der' });
  const key = derive(
    diffieHellman({ privateKey: eph.privateKey, publicKey: recipient }),
    ephPub,
    publicKeyDer,
  );
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(aad(batchId, position));
  const body = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), ephPub, nonce, cipher.getAuthTag(), body]);
}

/** The batch key as sent back by the requester; BATCH_KEY_INVALID when it is not the key of this batch. */
export function readBatchKey(batchKey: string | undefined, publicKeyDer: Buffer): KeyObject {
  const invalid = () =>
    new AppError('BATCH_KEY_INVALID', 'X-Batch-Key: not the key this batch was started with');
  if (!batchKey || batchKey.length > 200 || !/^[A-Za-z0-9_-]+$/.test(batchKey)) throw invalid();
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: Buffer.from(batchKey, 'base64url'), format: 'der', type: 'pkcs8' });
  } catch {
    throw invalid();
  }
  if (privateKey.asymmetricKeyType !== 'x25519') throw invalid();
  const derived = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  if (derived.length !== publicKeyDer.length || !timingSafeEqual(derived, publicKeyDer)) throw invalid();
  return privateKey;
}

export function openToken(
  privateKey: KeyObject,
  publicKeyDer: Buffer,
  batchId: string,
  position: number,
  sealed: Buffer,
) {
  if (sealed[0] !== VERSION || sealed.length < 1 + SPKI_LENGTH + 12 + 16)
    throw new Error('unknown sealed format');
  const ephPub = sealed.subarray(1, 1 + SPKI_LENGTH);
  const nonce = sealed.subarray(1 + SPKI_LENGTH, 1 + SPKI_LENGTH + 12);
  const tag = sealed.subarray(1 + SPKI_LENGTH + 12, 1 + SPKI_LENGTH + 28);
  const body = sealed.subarray(1 + SPKI_LENGTH + 28);
  const eph = createPublicKey({ key: ephPub, format: 'der', type: 'spki' });
  const key = derive(diffieHellman({ privateKey, publicKey: eph }), ephPub, publicKeyDer);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAAD(aad(batchId, position));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
}
