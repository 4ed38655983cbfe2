import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Presigned-style media links: `/media/<session_id>/<file>?expires=<unix>&signature=<hex>`, the signature an
 * HMAC of `<session_id>:<expires>`, so one HMAC serves every file of a decision (the generator has a
 * budget of microseconds). Stored decisions keep whatever link they were made with; every response
 * re-signs them ({@link refreshMediaUrls}), so each GET hands out fresh, short-lived links.
 */
export const MEDIA_TTL_SECONDS = 3600;
export const DEFAULT_MEDIA_ORIGIN = 'http://127.0.0.1';
export const DEFAULT_MEDIA_SECRET = 'didit-sandbox-media';

export interface MediaSigner {
  origin: string;
  secret: string;
  /** Unix seconds after which the links answer 403. */
  expires: number;
}

function mediaSignature(secret: string, sessionId: string, expires: number): string {
  return createHmac('sha256', secret).update(`${sessionId}:${expires}`).digest('hex');
}

/** Returns `file → url` for one session, signing once. */
export function mediaUrlFactory(signer: MediaSigner, sessionId: string): (file: string) => string {
  const query = `?expires=${signer.expires}&signature=${mediaSignature(signer.secret, sessionId, signer.expires)}`;
  const prefix = `${signer.origin}/media/${sessionId}/`;
  return (file) => prefix + file + query;
}

const MEDIA_URL =
  /(?:https?:\/\/[^/"\s]+)?\/media\/([0-9a-f-]{36})\/([A-Za-z0-9._-]+)\?expires=\d+&signature=[0-9a-f]{64}/g;

/** Re-signs every media link inside a serialized body with a fresh expiry and the given origin. */
export function refreshMediaUrls(body: string, signer: MediaSigner): string {
  const queries = new Map<string, string>();
  return body.replace(MEDIA_URL, (_m, sessionId: string, file: string) => {
    let q = queries.get(sessionId);
    if (q === undefined) {
      q = `?expires=${signer.expires}&signature=${mediaSignature(signer.secret, sessionId, signer.expires)}`;
      queries.set(sessionId, q);
    }
    return `${signer.origin}/media/${sessionId}/${file}${q}`;
  });
}

export function verifyMediaSignature(
  secret: string,
  sessionId: string,
  expires: string | undefined,
  signature: string | undefined,
  nowSeconds: number,
): 'ok' | 'expired' | 'bad_signature' {
  if (!expires || !/^\d{1,12}$/.test(expires) || !signature || !/^[0-9a-f]{64}$/.test(signature)) {
    return 'bad_signature';
  }
  const expected = Buffer.from(mediaSignature(secret, sessionId, Number(expires)), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) return 'bad_signature';
  return Number(expires) < nowSeconds ? 'expired' : 'ok';
}
