import { randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import { newTotpSecret, totpCode } from '../src/auth/totp.ts';
import type { Role } from '../src/platform/config.ts';
import type { Database } from '../src/platform/db/database.ts';
import { hashPassword } from '../src/platform/password.ts';
import { insertUser, updateUserRow } from '../src/users/users.repository.ts';

export interface LoginAsOptions {
  email?: string;
  name?: string;
  password?: string;
  /** Give the account a confirmed TOTP factor and sign in with a code (for MFA-required configs). */
  totp?: boolean;
  /** The time the app's clock shows (TOTP codes are computed for it). */
  now?: Date;
  /** Extra request headers for the login call (e.g. Origin). */
  headers?: Record<string, string>;
}

export interface LoggedIn {
  /** `cookie` and `x-csrf-token`: spread into any request's headers. */
  headers: Record<string, string>;
  user: { id: string; email: string; name: string; roles: Role[] };
  password: string;
  csrfToken: string;
  cookie: string;
  totpSecret?: string;
  mustEnrollTotp: boolean;
}

// Any Hono app (createApp's, or a sub-app in a unit test).
type AnyApp = Pick<Hono<any>, 'request'>;

/** Creates a user straight in the database, then signs in through `POST /api/auth/login`. */
export async function loginAs(
  app: AnyApp,
  database: Database,
  roles: Role[],
  opts: LoginAsOptions = {},
): Promise<LoggedIn> {
  const suffix = randomBytes(4).toString('hex');
  const email = opts.email ?? `${roles.join('-') || 'nobody'}-${suffix}@example.test`;
  const password = opts.password ?? `pw-${randomBytes(12).toString('hex')}`;
  const now = opts.now ?? new Date();
  const row = await insertUser(database.db, {
    email,
    name: opts.name ?? `Test ${roles.join(' ') || 'user'} ${suffix}`,
    roles,
    passwordHash: await hashPassword(password),
    now,
  });
  let totpSecret: string | undefined;
  if (opts.totp) {
    totpSecret = newTotpSecret();
    await updateUserRow(database.db, row.id, { totp_secret: totpSecret, totp_enabled_at: now }, now);
  }
  const res = await app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...opts.headers },
    body: JSON.stringify({ email, password, ...(totpSecret ? { totp: totpCode(totpSecret, now) } : {}) }),
  });
  if (res.status !== 200) throw new Error(`loginAs: login answered ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { csrf_token: string; must_enroll_totp: boolean };
  const cookie = sessionCookieFrom(res);
  return {
    headers: { cookie, 'x-csrf-token': body.csrf_token },
    user: { id: row.id, email, name: row.name, roles },
    password,
    csrfToken: body.csrf_token,
    cookie,
    ...(totpSecret ? { totpSecret } : {}),
    mustEnrollTotp: body.must_enroll_totp,
  };
}

/**
 * An account straight in the database with no local password: it signs in through SSO (with `oidcSubject`,
 * linked already) or was never given one.
 */
export function insertPasswordlessUser(
  database: Database,
  email: string,
  roles: Role[],
  opts: { name: string; oidcSubject?: string; now?: Date },
) {
  const { name, now = new Date(), oidcSubject } = opts;
  return insertUser(database.db, {
    email,
    name,
    roles,
    passwordHash: null,
    now,
    ...(oidcSubject ? { oidcSubject } : {}),
  });
}

/** `name=value` of the session cookie a response set, for a `cookie` request header. */
export function sessionCookieFrom(res: Response): string {
  const set = res.headers.getSetCookie().find((c) => c.startsWith('__Host-console_session='));
  if (!set) throw new Error('no session cookie in the response');
  return set.split(';')[0]!;
}
