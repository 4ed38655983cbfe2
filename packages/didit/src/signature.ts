import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalize, JsonSyntaxError } from './python-json.ts';

/** Didit's three webhook signatures (docs/didit.md §3.5), tried in this order. */
export const SIGNATURE_SCHEMES = ['v2', 'raw', 'simple'] as const;
export type SignatureScheme = (typeof SIGNATURE_SCHEMES)[number];

const TIMESTAMP_TOLERANCE_SECONDS = 300;

export function hmacHex(secret: string, message: string | Uint8Array): string {
  return createHmac('sha256', secret).update(message).digest('hex');
}

const HEX64 = /^[0-9a-f]{64}$/i;

/** Constant-time for well-formed input; a short, long or non-hex value is simply unequal, never a throw. */
export function safeEqualHex(expectedHex: string, given: string | undefined | null): boolean {
  if (typeof given !== 'string' || !HEX64.test(given)) return false;
  const a = Buffer.from(expectedHex, 'hex');
  const b = Buffer.from(given.toLowerCase(), 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

interface SimpleFields {
  timestamp: unknown;
  session_id: unknown;
  status: unknown;
  webhook_type: unknown;
}

export function simpleMessage(f: SimpleFields): string {
  return `${String(f.timestamp)}:${String(f.session_id)}:${String(f.status)}:${String(f.webhook_type)}`;
}

/** What the sandbox sends and what a test signs with: all three signatures and the timestamp header. */
export function signatureHeaders(rawBody: string, secret: string, timestamp: number): Record<string, string> {
  const parsed = JSON.parse(rawBody) as Partial<SimpleFields>;
  return {
    'X-Signature': hmacHex(secret, Buffer.from(rawBody, 'utf8')),
    'X-Signature-V2': hmacHex(secret, canonicalize(rawBody)),
    'X-Signature-Simple': hmacHex(
      secret,
      simpleMessage({
        timestamp: parsed.timestamp ?? timestamp,
        session_id: parsed.session_id,
        status: parsed.status,
        webhook_type: parsed.webhook_type,
      }),
    ),
    'X-Timestamp': String(timestamp),
  };
}

type VerifyResult =
  | {
      ok: true;
      scheme: SignatureScheme;
      /** The parsed body: always a JSON object (anything else is refused as `not_json`). */
      body: unknown;
      /** The body decoded as UTF-8 (BOM dropped); undefined when it is not valid UTF-8. */
      text: string | undefined;
    }
  | {
      ok: false;
      reason: 'missing_timestamp' | 'stale_timestamp' | 'bad_signature' | 'missing_signature' | 'not_json';
    };

export interface WebhookHeaders {
  'x-signature'?: string | undefined;
  'x-signature-v2'?: string | undefined;
  'x-signature-simple'?: string | undefined;
  'x-timestamp'?: string | undefined;
}

/**
 * Verifies a delivery from its raw bytes. A body that is not a JSON object is refused (`not_json`) before
 * any signature is compared. A `simple` result authenticates the envelope fields only.
 */
export function verifyWebhook(
  raw: Uint8Array,
  headers: WebhookHeaders,
  secret: string,
  nowSeconds: number,
): VerifyResult {
  const tsText = headers['x-timestamp'];
  if (!tsText || !/^\d{1,12}$/.test(tsText.trim())) return { ok: false, reason: 'missing_timestamp' };
  const ts = Number(tsText.trim());
  if (Math.abs(nowSeconds - ts) > TIMESTAMP_TOLERANCE_SECONDS)
    return { ok: false, reason: 'stale_timestamp' };
  const v2 = headers['x-signature-v2'];
  const rawSig = headers['x-signature'];
  const simple = headers['x-signature-simple'];
  if (!v2 && !rawSig && !simple) return { ok: false, reason: 'missing_signature' };

  let text: string | undefined;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    text = undefined;
  }
  let body: unknown;
  if (text !== undefined) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }

  // Every Didit webhook is a JSON object. Anything else is refused before a signature is compared: the
  // Simple scheme's message `ts:sid:status:type` is not JSON, so its signature can no longer be replayed as
  // an X-Signature over those bytes to store an event.
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    return { ok: false, reason: 'not_json' };

  const rawHmac = v2 || rawSig ? hmacHex(secret, raw) : '';
  // A body sent already in canonical form (no whole floats) signs the same bytes: equality of the raw
  // HMAC with the V2 header is exactly V2 verifying, without re-serializing.
  if (v2 && text !== undefined && body !== undefined && safeEqualHex(rawHmac, v2))
    return { ok: true, scheme: 'v2', body, text };
  // X-Signature before re-serializing for V2: it authenticates the exact bytes, and the documented order
  // (V2, then X-Signature) accepts a body whose X-Signature verifies anyway, so the set of accepted
  // deliveries is the same; only the ~0.2 ms canonicalization of a 12 KB body is skipped. The event
  // records which signature verified it.
  if (rawSig && safeEqualHex(rawHmac, rawSig)) return { ok: true, scheme: 'raw', body, text };
  if (v2 && text !== undefined && body !== undefined) {
    try {
      if (safeEqualHex(hmacHex(secret, canonicalize(text, body)), v2))
        return { ok: true, scheme: 'v2', body, text };
    } catch (err) {
      if (!(err instanceof JsonSyntaxError)) throw err;
    }
  }
  if (simple && body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const b = body as Record<string, unknown>;
    // The envelope's own timestamp must be the one in the header, or an old signature could be replayed.
    if (
      String(b.timestamp) === String(ts) &&
      safeEqualHex(hmacHex(secret, simpleMessage(b as unknown as SimpleFields)), simple)
    ) {
      return { ok: true, scheme: 'simple', body, text };
    }
  }
  return { ok: false, reason: 'bad_signature' };
}
