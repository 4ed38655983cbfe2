import type { Kysely } from 'kysely';
import { z } from 'zod';
import { type AuditContext, appendAudit } from '../audit/audit.service.ts';
import type { Clock } from '../platform/clock.ts';
import type { Role } from '../platform/config.ts';
import { cursorCodec, decodeOptional, pageOf } from '../platform/db/pagination.ts';
import { AppError } from '../platform/errors.ts';
import { hashPassword } from '../platform/password.ts';
import { assertPasswordAcceptable } from '../platform/password-policy.ts';
import type { DB } from '../schema.ts';
import {
  countOtherActiveAdmins,
  findLastLoginAt,
  getUserOrThrow,
  insertUser,
  listUserRows,
  lockActiveAdmins,
  type UserRow,
  type UserUpdate,
  updateUserRow,
} from './users.repository.ts';

/**
 * Ends every open login of an account inside the caller's transaction; returns how many ended. Login
 * sessions belong to `auth/` (which depends on users), so the composition root passes this in.
 */
export type EndLoginSessions = (db: Kysely<DB>, userId: string, now: Date, reason: string) => Promise<number>;

export interface UsersDeps {
  db: Kysely<DB>;
  clock: Clock;
  endLoginSessions: EndLoginSessions;
}

/** What the API shows of an account: never the password hash or TOTP secret. */
export function accountView(u: UserRow & { last_login_at?: Date | null }) {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    roles: u.roles as Role[],
    disabled: u.disabled,
    totp_enabled: u.totp_secret !== null,
    sso_linked: u.oidc_subject !== null,
    /** A local password exists (an admin can reset it); false for an SSO-only account. */
    local_sign_in: u.password_hash !== null,
    created_at: u.created_at.toISOString(),
    updated_at: u.updated_at.toISOString(),
    last_login_at: u.last_login_at ? new Date(u.last_login_at).toISOString() : null,
  };
}

/** The row with when the account last signed in, for the responses that show one account. */
export async function withLastLogin(
  db: Kysely<DB>,
  u: UserRow,
): Promise<UserRow & { last_login_at: Date | null }> {
  return { ...u, last_login_at: await findLastLoginAt(db, u.id) };
}

/** The audit log records what changed about an account, never its credentials. */
const auditable = (u: UserRow) => ({
  email: u.email,
  name: u.name,
  roles: u.roles,
  disabled: u.disabled,
  totp_enabled: u.totp_secret !== null,
});

export async function createUser(
  deps: Pick<UsersDeps, 'db' | 'clock'>,
  input: { email: string; name: string; roles: Role[]; password?: string | undefined },
  ctx: AuditContext,
): Promise<UserRow> {
  if (input.password !== undefined) assertPasswordAcceptable(input.password, [input.email, input.name]);
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const user = await insertUser(trx, {
      email: input.email.trim(),
      name: input.name.trim(),
      roles: [...new Set(input.roles)],
      passwordHash,
      now,
    });
    await appendAudit(trx, {
      ...ctx,
      at: now,
      action: 'user.create',
      subjectType: 'user',
      subjectId: user.id,
      after: auditable(user),
    });
    return user;
  });
}

export async function updateUser(
  deps: UsersDeps,
  id: string,
  patch: { name?: string | undefined; roles?: Role[] | undefined; disabled?: boolean | undefined },
  ctx: AuditContext,
): Promise<UserRow> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    await lockActiveAdmins(trx);
    const before = await getUserOrThrow(trx, id);
    const change: UserUpdate = {};
    if (patch.name !== undefined) change.name = patch.name.trim();
    if (patch.roles !== undefined) change.roles = [...new Set(patch.roles)];
    if (patch.disabled !== undefined) change.disabled = patch.disabled;
    const losesAdmin =
      before.roles.includes('admin') &&
      !before.disabled &&
      (change.disabled === true || (change.roles !== undefined && !change.roles.includes('admin')));
    if (losesAdmin && (await countOtherActiveAdmins(trx, id)) === 0) {
      throw new AppError('CONFLICT', 'This would leave the console without an enabled admin');
    }
    const after = await updateUserRow(trx, id, change, now);
    // Disabling (or a role change) takes effect at once: every open session of the account ends.
    const rolesChanged = change.roles !== undefined && change.roles.join() !== before.roles.join();
    let endedSessions = 0;
    if (change.disabled === true && !before.disabled) {
      endedSessions = await deps.endLoginSessions(trx, id, now, 'user_disabled');
    }
    await appendAudit(trx, {
      ...ctx,
      at: now,
      action:
        change.disabled === true && !before.disabled
          ? 'user.disable'
          : rolesChanged
            ? 'user.roles'
            : 'user.update',
      subjectType: 'user',
      subjectId: id,
      before: auditable(before),
      after: auditable(after),
      details: endedSessions ? { ended_sessions: endedSessions } : undefined,
    });
    return after;
  });
}

interface CredentialReset {
  ctx: AuditContext;
  /** The account. */
  id: string;
  now: Date;
  /** What the audit entry shows of the account before and after: never a password hash or a secret. */
  before?: unknown;
  after: unknown;
}

/**
 * A credential was reset (a password, a second factor): every login of the account ends, so whoever held
 * the old one is out, and the reset is audited as `user.<reset>` with how many logins ended.
 */
export async function endLoginsAfterReset(
  deps: UsersDeps,
  trx: Kysely<DB>,
  reset: 'password_reset' | 'totp_reset',
  { ctx, id, now, before, after }: CredentialReset,
): Promise<void> {
  const ended = await deps.endLoginSessions(trx, id, now, reset);
  await appendAudit(trx, {
    ...ctx,
    at: now,
    action: `user.${reset}`,
    subjectType: 'user',
    subjectId: id,
    before,
    after,
    details: { ended_sessions: ended },
  });
}

/** Clears the second factor; the owner enrols again at next sign-in. Their sessions end. */
export async function resetTotp(deps: UsersDeps, id: string, ctx: AuditContext): Promise<UserRow> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const before = await getUserOrThrow(trx, id);
    const after = await updateUserRow(
      trx,
      id,
      { totp_secret: null, totp_pending_secret: null, totp_enabled_at: null, totp_last_step: null },
      now,
    );
    await endLoginsAfterReset(deps, trx, 'totp_reset', {
      ctx,
      id,
      now,
      before: auditable(before),
      after: auditable(after),
    });
    return after;
  });
}

const PAGE = 100;

/** The lower-cased email of the last account of a page. */
const emailCursor = cursorCodec({
  wire: z.string().min(1).max(320),
  toWire: (email: string) => email,
  fromWire: (email) => email,
});

export async function listUsers(db: Kysely<DB>, cursor: string | undefined, limit = PAGE) {
  const rows = await listUserRows(db, decodeOptional(emailCursor, cursor), limit + 1);
  const page = pageOf(rows, limit, emailCursor, (r) => r.email.toLowerCase());
  return { items: page.items.map(accountView), next_cursor: page.next_cursor };
}
