import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import * as client from 'openid-client';
import { type AuditContext, appendAudit } from '../audit/audit.service.ts';
import { ROLES, type Role } from '../platform/config.ts';
import { AppError } from '../platform/errors.ts';
import {
  findUserByEmail,
  findUserByOidcSubject,
  insertUser,
  type UserRow,
  updateUserRow,
} from '../users/users.repository.ts';
import { type AuthDeps, type SignedIn, startSession } from './login.service.ts';
import { releaseAttempt, reserveAttempt, throttleKey } from './throttle.ts';

/**
 * Single sign-on: OpenID Connect authorization code flow with PKCE (S256), state and nonce.
 *
 * Account policy (documented in the README): an SSO login finds the account linked to the provider's
 * `sub`; failing that, a local account with the same email **if the provider says the email is
 * verified** (and links it); failing that, it provisions a new account. Roles come from the configured
 * claim at every login (the provider is their source of truth); a login whose claim holds no console
 * role is refused, and a disabled account stays disabled. The second factor is the provider's business:
 * SSO sessions are not asked for the console's TOTP.
 */
export const OIDC_STATE_COOKIE = '__Host-console_oidc';
const PENDING_TTL_MS = 10 * 60 * 1000;
/** SSO starts in flight across all addresses; beyond it, starts answer 429 until older ones expire. */
const MAX_PENDING = 10_000;

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();

export type OidcOutcome = { ok: true; signedIn: SignedIn } | { ok: false; code: string };

function rolesFromClaim(value: unknown): Role[] {
  const raw = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,]+/) : [];
  const known = raw.filter(
    (r): r is Role => typeof r === 'string' && (ROLES as readonly string[]).includes(r),
  );
  return [...new Set(known)];
}

export function createOidc(deps: AuthDeps) {
  const settings = deps.config.auth.oidc;
  const redirectUri = `${deps.config.server.publicUrl.replace(/\/+$/, '')}/api/auth/oidc/callback`;
  let discovered: Promise<client.Configuration> | undefined;

  function configuration(): Promise<client.Configuration> {
    if (!settings) throw new AppError('NOT_FOUND', 'Single sign-on is not configured');
    const issuer = new URL(settings.issuer);
    // Plain http only for a provider on this machine (tests, a local IdP); anything else must be https.
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
    discovered ??= client
      .discovery(
        issuer,
        settings.clientId,
        undefined,
        settings.clientSecret ? client.ClientSecretPost(settings.clientSecret) : client.None(),
        issuer.protocol === 'http:' && loopback ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((err: unknown) => {
        discovered = undefined;
        throw err;
      });
    return discovered;
  }

  /** The provider's authorization URL, and the state the browser keeps in a cookie until the callback. */
  async function start(ip: string | null): Promise<{ url: string; state: string }> {
    // Each start stores a row before anyone signed in: throttled per address, and capped overall.
    if (ip) await reserveAttempt(deps.db, [{ kind: 'oidc_start', key: throttleKey('oidc_start', ip) }]);
    const open = await deps.db
      .selectFrom('oidc_pending')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('created_at', '>=', new Date(deps.clock.now().getTime() - PENDING_TTL_MS))
      .executeTakeFirstOrThrow();
    if (open.n >= MAX_PENDING) {
      throw new AppError('RATE_LIMITED', 'Too many single sign-ons in progress; try again later', undefined, {
        'Retry-After': '60',
      });
    }
    const config = await configuration().catch((err: unknown) => {
      if (err instanceof AppError) throw err;
      throw new AppError('UNAVAILABLE', 'The identity provider cannot be reached');
    });
    const state = client.randomState();
    const nonce = client.randomNonce();
    const codeVerifier = client.randomPKCECodeVerifier();
    const now = deps.clock.now();
    await deps.db
      .deleteFrom('oidc_pending')
      .where('created_at', '<', new Date(now.getTime() - PENDING_TTL_MS))
      .execute();
    await deps.db
      .insertInto('oidc_pending')
      .values({ state_hash: sha256(state), code_verifier: codeVerifier, nonce, created_at: now })
      .execute();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: `openid email profile ${settings!.rolesClaim === 'roles' ? 'roles' : ''}`.trim(),
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, state };
  }

  async function callback(
    query: URLSearchParams,
    cookieState: string | undefined,
    ctx: AuditContext,
    previousSessionId: string | undefined,
  ): Promise<OidcOutcome> {
    const state = query.get('state');
    const failed = async (code: string, reason: string, user?: UserRow): Promise<OidcOutcome> => {
      await appendAudit(deps.db, {
        ...ctx,
        at: deps.clock.now(),
        actor: user ? { id: user.id, label: user.email } : { id: null, label: 'sso' },
        action: 'auth.login_failed',
        subjectType: 'user',
        subjectId: user?.id ?? null,
        details: { method: 'oidc', reason },
      });
      return { ok: false, code };
    };
    // The state must come back to the browser that started the flow (login CSRF), and only once.
    if (!state || !cookieState || state !== cookieState) return failed('SSO_STATE', 'state_mismatch');
    const pending = await deps.db
      .deleteFrom('oidc_pending')
      .where('state_hash', '=', sha256(state))
      .returning(['code_verifier', 'nonce', 'created_at'])
      .executeTakeFirst();
    if (!pending || deps.clock.now().getTime() - pending.created_at.getTime() > PENDING_TTL_MS) {
      return failed('SSO_STATE', 'state_unknown_or_expired');
    }
    if (query.has('error')) return failed('SSO_DENIED', 'provider_error');

    let claims: Record<string, unknown>;
    try {
      const config = await configuration();
      const currentUrl = new URL(redirectUri);
      currentUrl.search = query.toString();
      const tokens = await client.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: pending.code_verifier,
        expectedNonce: pending.nonce,
        expectedState: state,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims()!;
      const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
      claims = { ...info, ...idClaims };
    } catch {
      return failed('SSO_FAILED', 'token_exchange_failed');
    }

    const sub = String(claims.sub);
    const roles = rolesFromClaim(claims[settings!.rolesClaim]);
    const email = typeof claims.email === 'string' ? claims.email.trim() : '';
    const verified = claims.email_verified === true;
    const now = deps.clock.now();
    let user = await findUserByOidcSubject(deps.db, sub);
    // An email the provider does not vouch for neither links nor provisions an account: it could be
    // anyone's, and would take over (or squat) the address.
    if (!user && (!email || !verified)) return failed('SSO_EMAIL_UNVERIFIED', 'email_missing_or_unverified');
    if (!user) {
      const byEmail = await findUserByEmail(deps.db, email);
      // Linked to another subject already: a second identity claiming the same address (a re-used
      // mailbox, another tenant of the provider) must not take the account over.
      if (byEmail?.oidc_subject && byEmail.oidc_subject !== sub) {
        return failed('SSO_ACCOUNT_LINKED_ELSEWHERE', 'email_linked_to_other_subject', byEmail);
      }
      user = byEmail;
    }
    if (user?.disabled) return failed('SSO_DISABLED', 'disabled', user);
    if (roles.length === 0) return failed('SSO_NO_ROLE', 'no_console_role', user);

    const signedInUser = await deps.db.transaction().execute(async (trx) => {
      if (!user) {
        const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim() : email;
        const created = await insertUser(trx, {
          email,
          name,
          roles,
          passwordHash: null,
          oidcSubject: sub,
          now,
        });
        await appendAudit(trx, {
          ...ctx,
          at: now,
          actor: { id: null, label: 'sso' },
          action: 'user.create',
          subjectType: 'user',
          subjectId: created.id,
          after: { email, name, roles, via: 'oidc' },
        });
        return created;
      }
      const sameRoles = [...user.roles].sort().join() === [...roles].sort().join();
      if (sameRoles && user.oidc_subject === sub) return user;
      const updated = await updateUserRow(trx, user.id, { roles, oidc_subject: sub }, now);
      await appendAudit(trx, {
        ...ctx,
        at: now,
        actor: { id: null, label: 'sso' },
        action: sameRoles ? 'user.sso_linked' : 'user.roles',
        subjectType: 'user',
        subjectId: user.id,
        before: { roles: user.roles, sso_linked: user.oidc_subject !== null },
        after: { roles, sso_linked: true },
        details: { source: 'oidc_claim' },
      });
      return updated;
    });
    const signedIn = await startSession(deps, signedInUser, 'oidc', ctx, previousSessionId);
    if (ctx.ip) {
      await releaseAttempt(deps.db, {
        entries: [{ kind: 'oidc_start', key: throttleKey('oidc_start', ctx.ip), lockedUntil: null }],
      });
    }
    return { ok: true, signedIn };
  }

  return { start, callback, redirectUri };
}
