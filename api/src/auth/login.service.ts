import type { Kysely } from 'kysely';
import { type AuditContext, appendAudit } from '../audit/audit.service.ts';
import type { Clock } from '../platform/clock.ts';
import type { Config, Role } from '../platform/config.ts';
import { AppError } from '../platform/errors.ts';
import { verifyPassword } from '../platform/password.ts';
import type { DB } from '../schema.ts';
import { claimTotpStep, findUserByEmail, type UserRow } from '../users/users.repository.ts';
import { mustEnrollTotp } from './login-session.middleware.ts';
import { csrfTokenFor, newLoginSession, newLoginSessionToken } from './login-session-token.ts';
import { endLoginSession, insertLoginSession } from './login-sessions.repository.ts';
import {
  releaseAttempt,
  reserveAttempt,
  settleSuccess,
  type ThrottleEntry,
  throttleKey,
} from './throttle.ts';
import { totpStep } from './totp.ts';

export interface AuthDeps {
  db: Kysely<DB>;
  clock: Clock;
  config: Config;
}

export interface SignedIn {
  token: string;
  csrfToken: string;
  user: UserRow;
  mustEnrollTotp: boolean;
}

export async function passwordLogin(
  deps: AuthDeps,
  input: { email: string; password: string; totp?: string | undefined },
  ctx: AuditContext,
  previousSessionId: string | undefined,
): Promise<SignedIn> {
  const { db, clock } = deps;
  const email = input.email.trim().toLowerCase();
  const throttled: ThrottleEntry[] = [{ kind: 'account', key: throttleKey('account', email) }];
  if (ctx.ip) throttled.push({ kind: 'address', key: throttleKey('address', ctx.ip) });
  // Counted before anything is checked: a burst in flight cannot outrun the count (see throttle.ts).
  const reservation = await reserveAttempt(db, throttled);

  const user = await findUserByEmail(db, email);
  const passwordOk = await verifyPassword(user?.password_hash, input.password);
  const fail = async (reason: string, code: 'INVALID_CREDENTIALS' | 'TOTP_REQUIRED') => {
    const now = clock.now();
    await appendAudit(db, {
      ...ctx,
      at: now,
      // The typed email of an unknown account is not recorded: it may be anything, even a password.
      actor: user ? { id: user.id, label: user.email } : { id: null, label: 'unknown account' },
      action: 'auth.login_failed',
      subjectType: 'user',
      subjectId: user?.id ?? null,
      details: { reason },
    });
    return new AppError(
      code,
      code === 'TOTP_REQUIRED' ? 'A valid authenticator code is required' : 'Wrong email or password',
    );
  };
  if (!user || !passwordOk)
    throw await fail(user ? 'bad_password' : 'unknown_account', 'INVALID_CREDENTIALS');
  if (user.disabled) throw await fail('disabled', 'INVALID_CREDENTIALS');

  let method = 'password';
  if (user.totp_secret) {
    // No code yet is the normal first step of a two-step form: not a failure.
    if (!input.totp) {
      await releaseAttempt(db, reservation);
      throw new AppError('TOTP_REQUIRED', 'Enter the code from your authenticator app');
    }
    const step = totpStep(user.totp_secret, input.totp, clock.now());
    if (step === null) throw await fail('totp_invalid', 'TOTP_REQUIRED');
    if (!(await claimTotpStep(db, user.id, step))) throw await fail('totp_replayed', 'TOTP_REQUIRED');
    method = 'password+totp';
  }

  await settleSuccess(db, reservation);
  return startSession(deps, user, method, ctx, previousSessionId);
}

/** A fresh session (never a reused id); any session the browser still carried is ended. */
export async function startSession(
  deps: AuthDeps,
  user: UserRow,
  method: string,
  ctx: AuditContext,
  previousSessionId: string | undefined,
): Promise<SignedIn> {
  const now = deps.clock.now();
  const token = newLoginSessionToken();
  const sessionId = await deps.db.transaction().execute(async (trx) => {
    if (previousSessionId) await endLoginSession(trx, previousSessionId, now, 'replaced_by_login');
    const id = await insertLoginSession(trx, newLoginSession(user.id, method, token, ctx, now));
    await appendAudit(trx, {
      ...ctx,
      at: now,
      actor: { id: user.id, label: user.email },
      action: 'auth.login',
      subjectType: 'user',
      subjectId: user.id,
      details: { method, login_session_id: id },
    });
    return id;
  });
  void sessionId;
  return {
    token,
    csrfToken: csrfTokenFor(token),
    user,
    mustEnrollTotp: mustEnrollTotp(deps.config, user, method),
  };
}

export async function logout(deps: AuthDeps, sessionId: string, ctx: AuditContext): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await endLoginSession(trx, sessionId, now, 'logout');
    await appendAudit(trx, {
      ...ctx,
      at: now,
      action: 'auth.logout',
      subjectType: 'user',
      subjectId: ctx.actor.id,
      details: { login_session_id: sessionId },
    });
  });
}

export function userView(u: Pick<UserRow, 'id' | 'email' | 'name' | 'roles' | 'locale'>) {
  return { id: u.id, email: u.email, name: u.name, roles: u.roles as Role[], locale: u.locale };
}
