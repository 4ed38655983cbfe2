import { describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors.ts';
import { newBatchKeyPair, openToken, readBatchKey, sealToken } from './batch-seal.ts';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzaWQiOiJ4In0.c2lnbmF0dXJl';

describe('sealed batch tokens', () => {
  it('opens with the batch key, and the sealed bytes hold nothing of the token', () => {
    const pair = newBatchKeyPair();
    const sealed = sealToken(pair.publicKey, 'batch-1', 3, TOKEN);
    expect(sealed.toString('latin1')).not.toContain(TOKEN.split('.')[2]);
    const key = readBatchKey(pair.batchKey, pair.publicKey);
    expect(openToken(key, pair.publicKey, 'batch-1', 3, sealed)).toBe(TOKEN);
    // Each seal is fresh (ephemeral key, nonce): two seals of one token differ.
    expect(sealToken(pair.publicKey, 'batch-1', 3, TOKEN).equals(sealed)).toBe(false);
  });

  it.each([
    ['missing', undefined],
    ['not base64url', 'not a key!'],
    ['garbage', 'AAAA'],
    ['another batch’s key', newBatchKeyPair().batchKey],
  ])('refuses a key that is %s with BATCH_KEY_INVALID', (_what, given) => {
    const pair = newBatchKeyPair();
    expect(() => readBatchKey(given, pair.publicKey)).toThrow(AppError);
    try {
      readBatchKey(given, pair.publicKey);
    } catch (e) {
      expect((e as AppError).code).toBe('BATCH_KEY_INVALID');
    }
  });

  it('does not open a sealed token moved to another row or batch, or altered', () => {
    const pair = newBatchKeyPair();
    const key = readBatchKey(pair.batchKey, pair.publicKey);
    const sealed = sealToken(pair.publicKey, 'batch-1', 3, TOKEN);
    expect(() => openToken(key, pair.publicKey, 'batch-1', 4, sealed)).toThrow();
    expect(() => openToken(key, pair.publicKey, 'batch-2', 3, sealed)).toThrow();
    const altered = Buffer.from(sealed);
    altered[altered.length - 1]! ^= 1;
    expect(() => openToken(key, pair.publicKey, 'batch-1', 3, altered)).toThrow();
  });
});
