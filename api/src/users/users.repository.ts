import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { Role } from '../platform/config.ts';
import { AppError } from '../platform/errors.ts';
import type { DB } from '../schema.ts';

export type UserRow = Awaited<ReturnType<typeof findUserById>> & {};

const USER_COLUMNS = [
  'id',
  'email',
  'name',
  'roles',
  'disabled',
  'password_hash',
  'totp_secret',
  'totp_pending_secret',
  'totp_enabled_at',
  'totp_last_step',
  'oidc_subject',
  'locale',
  'created_at',
  'updated_at',
] as const;

export function findUserById(db: Kysely<DB>, id: string) {
  return db.selectFrom('users').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function getUserOrThrow(db: Kysely<DB>, id: string) {
  const user = await findUserById(db, id);
  if (!user) throw new AppError('NOT_FOUND', 'User not found');
  return user;
}

export function findUserByEmail(db: Kysely<DB>, email: string) {
  return db
    .selectFrom('users')
    .select(USER_COLUMNS)
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
}

export function findUserByOidcSubject(db: Kysely<DB>, subject: string) {
  return db.selectFrom('users').select(USER_COLUMNS).where('oidc_subject', '=', subject).executeTakeFirst();
}

export async function countUsers(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface NewUser {
  email: string;
  name: string;
  roles: readonly Role[];
  passwordHash: string | null;
  oidcSubject?: string | null;
  now: Date;
}

export async function insertUser(db: Kysely<DB>, u: NewUser) {
  const row = await db
    .insertInto('users')
    .values({
      email: u.email,
      name: u.name,
      roles: [...u.roles],
      password_hash: u.passwordHash,
      totp_secret: null,
      totp_pending_secret: null,
      totp_enabled_at: null,
      totp_last_step: null,
      oidc_subject: u.oidcSubject ?? null,
      created_at: u.now,
      updated_at: u.now,
    })
    .onConflict((oc) => oc.expression(sql`lower(email)`).doNothing())
    .returning(USER_COLUMNS)
    .executeTakeFirst();
  if (!row) throw new AppError('CONFLICT', 'A user with this email exists already');
  return row;
}

export type UserUpdate = Partial<{
  password_hash: string;
  name: string;
  roles: Role[];
  disabled: boolean;
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_enabled_at: Date | null;
  totp_last_step: number | null;
  oidc_subject: string | null;
}>;

export async function updateUserRow(db: Kysely<DB>, id: string, patch: UserUpdate, now: Date) {
  return db
    .updateTable('users')
    .set({ ...patch, updated_at: now })
    .where('id', '=', id)
    .returning(USER_COLUMNS)
    .executeTakeFirstOrThrow();
}

/** Records a TOTP time-step as used, only if it is newer than the last one (so a code works once). */
export async function claimTotpStep(db: Kysely<DB>, id: string, step: number): Promise<boolean> {
  const res = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Enabled admins other than `exceptId`: a change may not leave the console without one. */
/**
 * Locks every enabled admin's row (in id order, so two callers never deadlock) until the transaction ends:
 * two concurrent changes (disable one admin, demote the other) then take turns, and the second one counts
 * what the first left. Rows a waiting caller finds changed are re-checked by Postgres before it locks them.
 */
export async function lockActiveAdmins(db: Kysely<DB>): Promise<void> {
  await db
    .selectFrom('users')
    .select('id')
    .where('disabled', '=', false)
    .where(sql<boolean>`'admin' = any(roles)`)
    .orderBy('id')
    .forUpdate()
    .execute();
}

export async function countOtherActiveAdmins(db: Kysely<DB>, exceptId: string): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('id', '!=', exceptId)
    .where('disabled', '=', false)
    .where(sql<boolean>`'admin' = any(roles)`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** When the account last signed in (its newest login session), or null if it never did. */
const lastLoginAt = (eb: ExpressionBuilder<DB, 'users'>) =>
  eb
    .selectFrom('login_sessions as ls')
    .select((e) => e.fn.max('ls.created_at').as('at'))
    .whereRef('ls.user_id', '=', 'users.id')
    .as('last_login_at');

export async function findLastLoginAt(db: Kysely<DB>, userId: string): Promise<Date | null> {
  const row = await db
    .selectFrom('login_sessions')
    .select((e) => e.fn.max('created_at').as('at'))
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return (row?.at as Date | null | undefined) ?? null;
}

/** Keyset page by lower(email). */
export function listUserRows(db: Kysely<DB>, afterEmail: string | undefined, limit: number) {
  let q = db.selectFrom('users').select(USER_COLUMNS).select(lastLoginAt);
  if (afterEmail !== undefined) q = q.where(sql<string>`lower(email)`, '>', afterEmail);
  return q.orderBy(sql`lower(email)`).limit(limit).execute();
}

/** The console language a person chose (`null`: follow the browser again). */
export async function setUserLocale(
  db: Kysely<DB>,
  id: string,
  locale: string | null,
  now: Date,
): Promise<void> {
  await db.updateTable('users').set({ locale, updated_at: now }).where('id', '=', id).execute();
}
