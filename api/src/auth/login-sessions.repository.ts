import type { Kysely } from 'kysely';
import type { DB } from '../schema.ts';

export interface NewLoginSession {
  userId: string;
  tokenHash: Buffer;
  method: string;
  now: Date;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
}

export async function insertLoginSession(db: Kysely<DB>, s: NewLoginSession): Promise<string> {
  const row = await db
    .insertInto('login_sessions')
    .values({
      user_id: s.userId,
      token_hash: s.tokenHash,
      method: s.method,
      created_at: s.now,
      last_seen_at: s.now,
      expires_at: s.expiresAt,
      ended_at: null,
      ended_reason: null,
      ip: s.ip,
      user_agent: s.userAgent,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The session behind a cookie, with the account it belongs to. */
export function findLoginSessionByTokenHash(db: Kysely<DB>, tokenHash: Buffer) {
  return db
    .selectFrom('login_sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.id as session_id',
      's.created_at',
      's.last_seen_at',
      's.expires_at',
      's.ended_at',
      's.method',
      'u.id as user_id',
      'u.email',
      'u.name',
      'u.roles',
      'u.disabled',
      'u.totp_secret',
      'u.locale',
    ])
    .where('s.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function touchLoginSession(db: Kysely<DB>, id: string, now: Date): Promise<void> {
  await db.updateTable('login_sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
}

export async function endLoginSession(db: Kysely<DB>, id: string, now: Date, reason: string): Promise<void> {
  await db
    .updateTable('login_sessions')
    .set({ ended_at: now, ended_reason: reason })
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .execute();
}

export async function endUserLoginSessions(
  db: Kysely<DB>,
  userId: string,
  now: Date,
  reason: string,
): Promise<number> {
  const res = await db
    .updateTable('login_sessions')
    .set({ ended_at: now, ended_reason: reason })
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}
