import { type AuditContext, appendAudit } from '../audit/audit.service.ts';
import { AppError } from '../platform/errors.ts';
import type { CurrentUser } from '../platform/http/app-env.ts';
import { getUserOrThrow, updateUserRow } from '../users/users.repository.ts';
import type { AuthDeps } from './login.service.ts';
import { csrfTokenFor, newLoginSession, newLoginSessionToken } from './login-session-token.ts';
import { endUserLoginSessions, insertLoginSession } from './login-sessions.repository.ts';
import { newTotpSecret, otpauthUrl, totpStep } from './totp.ts';

/** Hands out a new secret; it only takes effect once `confirmTotp` proves the app holds it. */
export async function enrollTotp(deps: AuthDeps, current: CurrentUser, ctx: AuditContext) {
  const user = await getUserOrThrow(deps.db, current.id);
  if (user.totp_secret) {
    throw new AppError('CONFLICT', 'A second factor is already enrolled; an admin can reset it');
  }
  const secret = newTotpSecret();
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await updateUserRow(trx, user.id, { totp_pending_secret: secret }, now);
    await appendAudit(trx, {
      ...ctx,
      at: now,
      action: 'auth.totp_enroll_started',
      subjectType: 'user',
      subjectId: user.id,
    });
  });
  return { secret, otpauth_url: otpauthUrl(secret, user.email) };
}

/**
 * Enrols the factor and rotates the login session: every session opened before (this one included, and any
 * a thief holds from a stolen password) ends, and the caller gets a fresh token and CSRF token.
 */
export async function confirmTotp(
  deps: AuthDeps,
  current: CurrentUser,
  code: string,
  ctx: AuditContext,
): Promise<{ token: string; csrfToken: string }> {
  const user = await getUserOrThrow(deps.db, current.id);
  if (user.totp_secret) throw new AppError('CONFLICT', 'A second factor is already enrolled');
  if (!user.totp_pending_secret) throw new AppError('UNPROCESSABLE', 'Start enrolment first');
  const now = deps.clock.now();
  const step = totpStep(user.totp_pending_secret, code, now);
  if (step === null) throw new AppError('UNPROCESSABLE', 'That code is not valid; check the device clock');
  const token = newLoginSessionToken();
  await deps.db.transaction().execute(async (trx) => {
    await updateUserRow(
      trx,
      user.id,
      {
        totp_secret: user.totp_pending_secret,
        totp_pending_secret: null,
        totp_enabled_at: now,
        // The confirming code is spent: it cannot sign in as well.
        totp_last_step: step,
      },
      now,
    );
    const ended = await endUserLoginSessions(trx, user.id, now, 'totp_enrolled');
    const sessionId = await insertLoginSession(
      trx,
      newLoginSession(user.id, 'password+totp', token, ctx, now),
    );
    await appendAudit(trx, {
      ...ctx,
      at: now,
      action: 'auth.totp_enrolled',
      subjectType: 'user',
      subjectId: user.id,
      details: { ended_sessions: ended, login_session_id: sessionId },
    });
  });
  return { token, csrfToken: csrfTokenFor(token) };
}
