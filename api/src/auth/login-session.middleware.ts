import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { Kysely } from 'kysely';
import type { Clock } from '../platform/clock.ts';
import type { Config, Role } from '../platform/config.ts';
import { AppError } from '../platform/errors.ts';
import type { AppEnv, CurrentUser } from '../platform/http/app-env.ts';
import type { DB } from '../schema.ts';
import {
  clearedLoginSessionCookie,
  csrfTokenFor,
  hashLoginSessionToken,
  IDLE_TIMEOUT_MS,
  LOGIN_SESSION_COOKIE,
  safeEqual,
  TOUCH_INTERVAL_MS,
} from './login-session-token.ts';
import {
  endLoginSession,
  findLoginSessionByTokenHash,
  touchLoginSession,
} from './login-sessions.repository.ts';

/** Sent by the SPA on requests it makes by itself (polling); such requests do not count as activity. */
const BACKGROUND_HEADER = 'x-console-background';

export interface LoginSessionDeps {
  db: Kysely<DB>;
  clock: Clock;
  config: Config;
}

/** A local account holding a role in MFA_REQUIRED_ROLES must enrol TOTP before anything else. */
export function mustEnrollTotp(
  config: Config,
  user: { roles: readonly string[]; totp_secret: string | null },
  method: string,
): boolean {
  if (method === 'oidc' || user.totp_secret) return false;
  return user.roles.some((r) => config.auth.mfaRequiredRoles.includes(r as Role));
}

/**
 * Resolves the session cookie into `c.var.user`. An ended, idle (30 min) or expired (12 h) session, or a
 * disabled account, leaves the request anonymous; `authorize` then decides.
 */
export function loginSessionMiddleware(deps: LoginSessionDeps) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const token = getCookie(c, LOGIN_SESSION_COOKIE);
    if (token && token.length <= 128) {
      const row = await findLoginSessionByTokenHash(deps.db, hashLoginSessionToken(token));
      const now = deps.clock.now();
      let ended: string | undefined;
      if (!row || row.ended_at) ended = 'gone';
      else if (row.disabled) ended = 'user_disabled';
      else if (now.getTime() >= row.expires_at.getTime()) ended = 'absolute_timeout';
      else if (now.getTime() - row.last_seen_at.getTime() >= IDLE_TIMEOUT_MS) ended = 'idle_timeout';
      if (row && ended) {
        if (ended !== 'gone') await endLoginSession(deps.db, row.session_id, now, ended);
        c.header('Set-Cookie', clearedLoginSessionCookie(), { append: true });
      } else if (row) {
        // A request the console sends on its own (a poll) is not the person at work: it must not keep an
        // unattended login alive.
        const background = c.req.header(BACKGROUND_HEADER) === '1';
        if (!background && now.getTime() - row.last_seen_at.getTime() >= TOUCH_INTERVAL_MS) {
          await touchLoginSession(deps.db, row.session_id, now);
        }
        const user: CurrentUser = {
          id: row.user_id,
          email: row.email,
          name: row.name,
          roles: row.roles as Role[],
          mustEnrollTotp: mustEnrollTotp(deps.config, row, row.method),
          locale: row.locale,
          sessionId: row.session_id,
        };
        c.set('user', user);
        c.set('csrfToken', csrfTokenFor(token));
      }
    }
    await next();
  });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Login has no session yet; it is guarded by `rejectCrossSite` instead. */
const CSRF_EXEMPT = new Set(['POST /api/auth/login']);

/**
 * Every state-changing `/api/*` request of a signed-in user must carry `X-CSRF-Token` (the token login
 * returned). Without a session there is nothing to forge; `authorize` answers 401 where a user is needed.
 */
export const csrfProtection = createMiddleware<AppEnv>(async (c, next) => {
  if (SAFE_METHODS.has(c.req.method) || !c.req.path.startsWith('/api/')) return next();
  if (CSRF_EXEMPT.has(`${c.req.method} ${c.req.path}`)) return next();
  const expected = c.get('csrfToken');
  if (c.get('user') && expected) {
    const given = c.req.header('x-csrf-token');
    if (!given || !safeEqual(given, expected)) {
      throw new AppError('CSRF', 'Missing or wrong X-CSRF-Token header');
    }
  }
  return next();
});

/**
 * For routes without a session to bind a token to (login): refuse requests a browser marks as coming
 * from another site. Non-browser clients send neither header and are not a CSRF vector.
 */
export function rejectCrossSite(c: Context<AppEnv>, publicUrl: string): void {
  const site = c.req.header('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') {
    throw new AppError('CSRF', 'Cross-site request refused');
  }
  const origin = c.req.header('origin');
  if (origin !== undefined) {
    const allowed = new Set([new URL(c.req.url).origin, new URL(publicUrl).origin]);
    if (!allowed.has(origin)) throw new AppError('CSRF', 'Cross-origin request refused');
  }
}
