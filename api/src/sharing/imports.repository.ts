import { type Kysely, type Selectable, sql } from 'kysely';
import { keysetAfter, type TimeIdKey } from '../platform/db/pagination.ts';
import type { DB } from '../schema.ts';
import type { ShareClaims } from './share-token.ts';
import { jsonOrNull } from './shares.repository.ts';
import type { ImportsTable } from './sharing.tables.ts';

export type ImportRow = Selectable<ImportsTable>;

/** A row to insert: the table's columns but the generated id, with the claims as decoded. */
export type NewImport = Omit<ImportRow, 'id' | 'claims'> & { claims: ShareClaims | null };

export async function insertImport(db: Kysely<DB>, i: NewImport): Promise<ImportRow> {
  return db
    .insertInto('imports')
    .values({ ...i, claims: jsonOrNull(i.claims) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface RelianceFilter {
  partnerId?: string | undefined;
  /** A session id (ours or the partner's) or a vendor_data, exact. */
  subject?: string | undefined;
  trustReview?: boolean | undefined;
  cursor?: TimeIdKey | undefined;
  limit: number;
}

/**
 * The reliance ledger: each import with its partner, who imported it, and what became of it since: the
 * session's current status and the latest review decision on it (review_decisions, newest first).
 * Newest first, keyset on (imported_at, id): imports_imported_idx / imports_partner_idx.
 */
function relianceQuery(db: Kysely<DB>, f: Omit<RelianceFilter, 'limit'>) {
  let q = db
    .selectFrom('imports as i')
    .leftJoin('partners as p', 'p.id', 'i.partner_id')
    .leftJoin('users as u', 'u.id', 'i.imported_by')
    .select([
      'i.id',
      'i.token_sha256',
      'i.session_id',
      'i.session_kind',
      'i.source_session_id',
      'i.source_application_id',
      'i.for_application_id',
      'i.partner_id',
      'i.trust_review',
      'i.workflow_id',
      'i.source_status',
      'i.landed_status',
      'i.imported_by',
      'i.imported_at',
      'p.name as partner_name',
      'u.email as imported_by_email',
      'u.name as imported_by_name',
      sql<string | null>`(select s.status from sessions s where s.session_id = i.session_id)`.as(
        'current_status',
      ),
      sql<string | null>`(select s.vendor_data from sessions s where s.session_id = i.session_id)`.as(
        'vendor_data',
      ),
      sql<boolean>`exists (select 1 from sessions s where s.session_id = i.source_session_id)`.as(
        'source_session_local',
      ),
      sql<{
        new_status: string;
        state: string;
        at: string;
        by_name: string | null;
      } | null>`(
        select json_build_object('new_status', d.new_status, 'state', d.state, 'at', d.requested_at,
                                 'by_name', du.name)
        from review_decisions d left join users du on du.id = d.requested_by
        where d.session_id = i.session_id
        order by d.requested_at desc, d.id desc limit 1)`.as('latest_review'),
    ])
    .orderBy('i.imported_at', 'desc')
    .orderBy('i.id', 'desc');
  if (f.partnerId !== undefined) q = q.where('i.partner_id', '=', f.partnerId);
  if (f.trustReview !== undefined) q = q.where('i.trust_review', '=', f.trustReview);
  const subject = f.subject;
  if (subject !== undefined) {
    q = q.where((eb) =>
      eb.or([
        eb('i.session_id', '=', subject),
        eb('i.source_session_id', '=', subject),
        eb(
          'i.session_id',
          'in',
          sql<string>`(select s.session_id from sessions s where s.vendor_data = ${subject})`,
        ),
      ]),
    );
  }
  const c = f.cursor;
  if (c) {
    q = q.where(keysetAfter(['i.imported_at', 'i.id'], [c.at, c.id], 'desc'));
  }
  return q;
}

export async function listImports(db: Kysely<DB>, f: RelianceFilter) {
  return relianceQuery(db, f)
    .limit(f.limit + 1)
    .execute();
}

export type RelianceRow = Awaited<ReturnType<typeof listImports>>[number];

export async function findImportByFingerprint(
  db: Kysely<DB>,
  sha256: string,
): Promise<RelianceRow | undefined> {
  return relianceQuery(db, {}).where('i.token_sha256', '=', sha256).executeTakeFirst();
}

export async function findImportBySession(
  db: Kysely<DB>,
  sessionId: string,
): Promise<RelianceRow | undefined> {
  return relianceQuery(db, {}).where('i.session_id', '=', sessionId).executeTakeFirst();
}
