import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { NewLoginSession } from './login-sessions.repository.ts';

export const LOGIN_SESSION_COOKIE = '__Host-console_session';
export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
/** `last_seen_at` is written at most this often, not on every request. */
export const TOUCH_INTERVAL_MS = 60 * 1000;

export function newLoginSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashLoginSessionToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/**
 * The CSRF token is derived from the session token (HMAC keyed by it), so it is bound to the session,
 * needs no storage, and reveals nothing about the cookie.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('console-csrf-v1').digest('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** `__Host-` demands Secure, Path=/ and no Domain. Browsers treat http://127.0.0.1 and localhost as secure. */
export function loginSessionCookie(token: string): string {
  return `${LOGIN_SESSION_COOKIE}=${token}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=${ABSOLUTE_TIMEOUT_MS / 1000}`;
}

export function clearedLoginSessionCookie(): string {
  return `${LOGIN_SESSION_COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0`;
}

/**
 * The row a sign-in by `method` stores for `token`: the token's hash (never the token), its start, its
 * absolute end, and where the browser signed in from.
 */
export function newLoginSession(
  userId: string,
  method: string,
  token: string,
  from: { ip: string | null; userAgent: string | null },
  now: Date,
): NewLoginSession {
  return {
    userId,
    method,
    tokenHash: hashLoginSessionToken(token),
    now,
    expiresAt: new Date(now.getTime() + ABSOLUTE_TIMEOUT_MS),
    ip: from.ip,
    userAgent: from.userAgent,
  };
}
