import { type Kysely, sql } from 'kysely';
import type { DB } from '../schema.ts';

/**
 * Sessions whose local state may lag Didit: unfinished ones (the partial index), and anything changed in
 * the recent window and not checked since — least recently checked first.
 */
export async function findReconcileCandidates(db: Kysely<DB>, input: { changedSince: Date; limit: number }) {
  const { rows } = await sql<{ session_id: string }>`
    select session_id from (
      (select session_id, reconciled_at from sessions
        where status_key is null or status_key not in ('APPROVED', 'DECLINED', 'EXPIRED', 'KYC_EXPIRED', 'ABANDONED')
        order by reconciled_at nulls first, session_id limit ${input.limit})
      union
      (select session_id, reconciled_at from sessions
        where updated_at > ${input.changedSince}::timestamptz and (reconciled_at is null or reconciled_at < updated_at)
        order by updated_at limit ${input.limit})
    ) c order by reconciled_at nulls first, session_id limit ${input.limit}`.execute(db);
  return rows.map((r) => r.session_id);
}

export async function findReconcileView(db: Kysely<DB>, sessionId: string) {
  return db
    .selectFrom('sessions')
    .select([
      'session_id',
      'status',
      'vendor_data',
      'workflow_id',
      'session_kind',
      'aml_hits',
      'aml_unreviewed_hits',
      'has_decision',
    ])
    .where('session_id', '=', sessionId)
    .executeTakeFirst();
}

export async function markReconciled(db: Kysely<DB>, sessionId: string, at: Date) {
  await db.updateTable('sessions').set({ reconciled_at: at }).where('session_id', '=', sessionId).execute();
}

export interface DriftInput {
  session_id: string;
  field: string;
  local_value: string | null;
  didit_value: string | null;
  detected_at: Date;
}

export async function insertDrifts(db: Kysely<DB>, drifts: DriftInput[]) {
  if (drifts.length === 0) return;
  await db.insertInto('sync_drifts').values(drifts).execute();
}

export async function listDrifts(
  db: Kysely<DB>,
  input: { sessionId?: string | undefined; before?: number | undefined; limit: number },
) {
  let q = db.selectFrom('sync_drifts').selectAll();
  if (input.sessionId) q = q.where('session_id', '=', input.sessionId);
  if (input.before !== undefined) q = q.where('id', '<', input.before);
  return q
    .orderBy('id', 'desc')
    .limit(input.limit + 1)
    .execute();
}

export async function listFailedEvents(
  db: Kysely<DB>,
  input: { before?: number | undefined; limit: number },
) {
  let q = db
    .selectFrom('webhook_events')
    .select([
      'id',
      'event_key',
      'event_id',
      'source',
      'webhook_type',
      'session_id',
      'status',
      'occurred_at',
      'received_at',
      'signature_scheme',
      'apply_error',
    ])
    .where('apply_state', '=', 'failed');
  if (input.before !== undefined) q = q.where('id', '<', input.before);
  return q
    .orderBy('id', 'desc')
    .limit(input.limit + 1)
    .execute();
}
