import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../platform/errors.ts';

/**
 * A Didit share token is an HS256 JWT signed with Didit's key (docs/didit.md §2.8): we can read its
 * claims but not verify them. What we read is used to explain (preview, ledger) and to refuse early what
 * Didit would refuse anyway; Didit stays the judge of validity.
 *
 * The token is a bearer secret: this module is the only place that sees it besides the Didit client, and
 * it hands back a fingerprint (SHA-256, hex) that is what the database, logs and audit keep.
 */

export const SHARE_TTL = { min: 60, max: 86_400, default: 3_600 } as const;

/** Long enough for any JWT Didit mints; a paste of a whole document is refused before hashing. */
export const MAX_TOKEN_LENGTH = 4_096;

export function tokenFingerprint(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** 9999-12-31T23:59:59Z. */
const UNIX_SECONDS_MAX = 253_402_300_799;

const claimsSchema = z.object({
  session_id: z.string().min(1).max(200),
  // Tokens minted before Didit added `session_kind` default to a KYC session (docs/didit.md §2.9).
  session_kind: z.enum(['user', 'business']).catch('user'),
  from_application_id: z.string().max(200).optional(),
  for_application_id: z.string().max(200).optional(),
  // Unix seconds within years 1970..9999: `exp: 1e308` made an Invalid Date that answered 500 downstream.
  iat: z.number().min(0).max(UNIX_SECONDS_MAX).optional(),
  exp: z.number().min(0).max(UNIX_SECONDS_MAX).optional(),
});

export type ShareClaims = z.infer<typeof claimsSchema>;

export interface DecodedShareToken {
  /** The token as it will be sent to Didit (surrounding whitespace of a paste removed). */
  token: string;
  fingerprint: string;
  claims: ShareClaims;
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

function base64UrlJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Reads a pasted token. Throws SHARE_TOKEN_MALFORMED when it is not a JWT carrying a session id: Didit
 * would answer 401 for it, and the person pasting it most likely copied part of it.
 */
export function decodeShareToken(raw: string): DecodedShareToken {
  // Pasted tokens come with line breaks and spaces from e-mail clients and chat tools.
  const token = raw.replace(/\s+/g, '');
  const malformed = () =>
    new AppError(
      'SHARE_TOKEN_MALFORMED',
      'This is not a Didit share token: it should be one long string of three parts separated by dots, starting with "eyJ". Ask the partner to send the whole token again.',
    );
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH || !JWT_SHAPE.test(token)) throw malformed();
  const [headerPart, payloadPart] = token.split('.') as [string, string];
  const header = base64UrlJson(headerPart);
  if (!header || typeof header !== 'object' || typeof (header as { alg?: unknown }).alg !== 'string') {
    throw malformed();
  }
  const parsed = claimsSchema.safeParse(base64UrlJson(payloadPart));
  if (!parsed.success) throw malformed();
  return { token, fingerprint: tokenFingerprint(token), claims: pickClaims(parsed.data) };
}

/** Like decodeShareToken, for a token Didit just handed us: unreadable claims are kept as unknown. */
export function readMintedToken(token: string): { fingerprint: string; claims: ShareClaims | null } {
  try {
    return { fingerprint: tokenFingerprint(token), claims: decodeShareToken(token).claims };
  } catch {
    return { fingerprint: tokenFingerprint(token), claims: null };
  }
}

/** Only the documented claims are kept: a token's payload is not ours to store whole. */
function pickClaims(c: ShareClaims): ShareClaims {
  const out: ShareClaims = { session_id: c.session_id, session_kind: c.session_kind };
  if (c.from_application_id !== undefined) out.from_application_id = c.from_application_id;
  if (c.for_application_id !== undefined) out.for_application_id = c.for_application_id;
  if (c.iat !== undefined) out.iat = c.iat;
  if (c.exp !== undefined) out.exp = c.exp;
  return out;
}

export function claimsExpiry(claims: ShareClaims | null): Date | undefined {
  return claims?.exp === undefined ? undefined : new Date(claims.exp * 1000);
}

/** Whole seconds until the token expires (negative once expired); undefined when it carries no `exp`. */
export function secondsLeft(claims: ShareClaims, now: Date): number | undefined {
  return claims.exp === undefined ? undefined : Math.floor(claims.exp - now.getTime() / 1000);
}

/** Didit mints tokens only for finished sessions, in either casing (docs/didit.md §2.8, §5.3, §5.4). */
export const SHAREABLE_STATUSES = ['APPROVED', 'DECLINED', 'IN_REVIEW'] as const;

export function normalizeStatus(status: string): string {
  return status
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');
}

export function isShareable(status: string): boolean {
  return (SHAREABLE_STATUSES as readonly string[]).includes(normalizeStatus(status));
}
