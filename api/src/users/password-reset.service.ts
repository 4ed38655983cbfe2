import { randomBytes } from 'node:crypto';
import type { AuditContext } from '../audit/audit.service.ts';
import { AppError } from '../platform/errors.ts';
import { hashPassword } from '../platform/password.ts';
import { getUserOrThrow, type UserRow, updateUserRow } from './users.repository.ts';
import { endLoginsAfterReset, type UsersDeps } from './users.service.ts';

/**
 * An admin resets a local account's password. The console makes the new one (an admin never has to invent
 * a password, and cannot pick a weak one), hands it back this once for the admin to pass on, and keeps only
 * its hash. Every login of the account ends: whoever knew the old password is out.
 */
export async function resetPassword(
  deps: UsersDeps,
  id: string,
  ctx: AuditContext,
): Promise<{ user: UserRow; password: string }> {
  const password = randomBytes(15).toString('base64url'); // 20 characters, 120 bits
  const passwordHash = await hashPassword(password);
  const now = deps.clock.now();
  const user = await deps.db.transaction().execute(async (trx) => {
    const before = await getUserOrThrow(trx, id);
    if (before.password_hash === null && before.oidc_subject !== null) {
      throw new AppError('CONFLICT', 'This account signs in with single sign-on only; it has no password');
    }
    const after = await updateUserRow(trx, id, { password_hash: passwordHash }, now);
    await endLoginsAfterReset(deps, trx, 'password_reset', { ctx, id, now, after: { email: after.email } });
    return after;
  });
  return { user, password };
}
