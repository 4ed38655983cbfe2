import type { Kysely, Selectable } from 'kysely';
import { keysetAfter, type TimeIdKey } from '../platform/db/pagination.ts';
import type { DB } from '../schema.ts';
import type { ShareClaims } from './share-token.ts';
import type { ShareTokensTable } from './sharing.tables.ts';

export type ShareRow = Selectable<ShareTokensTable>;

/** A row to insert: the table's columns but the generated id, with the claims as decoded. */
export type NewShare = Omit<ShareRow, 'id' | 'claims'> & { claims: ShareClaims | null };

/** A jsonb column's insert value: the JSON text, or SQL null. */
export const jsonOrNull = (value: unknown) => (value === null ? null : JSON.stringify(value));

export async function insertShare(db: Kysely<DB>, s: NewShare): Promise<ShareRow> {
  return db
    .insertInto('share_tokens')
    .values({ ...s, claims: jsonOrNull(s.claims) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface ShareLedgerFilter {
  sessionId?: string | undefined;
  partnerId?: string | undefined;
  cursor?: TimeIdKey | undefined;
  limit: number;
}

/** The ledger of minted tokens, newest first (share_tokens_created_idx / _session_idx / _partner_idx). */
export async function listShares(db: Kysely<DB>, f: ShareLedgerFilter) {
  let q = db
    .selectFrom('share_tokens as s')
    .leftJoin('partners as p', 'p.id', 's.partner_id')
    .leftJoin('users as u', 'u.id', 's.created_by')
    .select([
      's.id',
      's.token_sha256',
      's.session_id',
      's.session_kind',
      's.for_application_id',
      's.from_application_id',
      's.partner_id',
      's.batch_id',
      's.ttl_seconds',
      's.expires_at',
      's.created_at',
      's.created_by',
      'p.name as partner_name',
      'u.email as created_by_email',
      'u.name as created_by_name',
    ])
    .orderBy('s.created_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(f.limit + 1);
  if (f.sessionId !== undefined) q = q.where('s.session_id', '=', f.sessionId);
  if (f.partnerId !== undefined) q = q.where('s.partner_id', '=', f.partnerId);
  const c = f.cursor;
  if (c) {
    q = q.where(keysetAfter(['s.created_at', 's.id'], [c.at, c.id], 'desc'));
  }
  return q.execute();
}

export type ShareLedgerRow = Awaited<ReturnType<typeof listShares>>[number];

export async function listBatchShares(db: Kysely<DB>, batchId: string) {
  return db
    .selectFrom('share_tokens')
    .select(['id', 'expires_at', 'token_sha256', 'session_kind'])
    .where('batch_id', '=', batchId)
    .execute();
}

/** Shares minted from one of our sessions: the "shared to whom" of a case (share_tokens_session_idx). */
export async function listSharesOfSession(db: Kysely<DB>, sessionId: string, limit = 100) {
  return (await listShares(db, { sessionId, limit })).slice(0, limit);
}
