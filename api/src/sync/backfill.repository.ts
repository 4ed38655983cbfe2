import { type Kysely, sql } from 'kysely';
import type { DB } from '../schema.ts';

export async function insertBackfillRun(db: Kysely<DB>, input: { now: Date; startedBy: string | null }) {
  const { rows } = await sql<{ id: number }>`
    insert into backfill_runs (state, started_at, updated_at, started_by)
    values ('running', ${input.now}::timestamptz, ${input.now}::timestamptz, ${input.startedBy})
    on conflict ((true)) where state in ('running', 'stopping') do nothing
    returning id`.execute(db);
  return rows[0]?.id;
}

export async function findBackfillRun(db: Kysely<DB>, id: number) {
  return db.selectFrom('backfill_runs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findLatestBackfillRun(db: Kysely<DB>) {
  return db.selectFrom('backfill_runs').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/** Stops the live run; the job sees the state at its next step and exits. */
export async function stopLiveBackfillRun(db: Kysely<DB>, now: Date) {
  return db
    .updateTable('backfill_runs')
    .set({ state: 'stopped', finished_at: now, updated_at: now })
    .where('state', 'in', ['running', 'stopping'])
    .returning(['id', 'done', 'total'])
    .executeTakeFirst();
}

/** A worker took the run (first time or after a crash): its rate is measured from here. */
export async function beginBackfillSegment(db: Kysely<DB>, id: number, now: Date) {
  await db
    .updateTable('backfill_runs')
    .set({ segment_started_at: now, segment_done: 0, updated_at: now })
    .where('id', '=', id)
    .execute();
}

/** Everything before `offset` is applied. Only moves a running run forward. */
export async function checkpointBackfill(
  db: Kysely<DB>,
  input: { id: number; offset: number; processed: number; total: number; now: Date },
): Promise<boolean> {
  const r = await sql`
    update backfill_runs set
      checkpoint_offset = ${input.offset},
      done = done + ${input.processed},
      segment_done = segment_done + ${input.processed},
      total = ${input.total},
      rate_per_min = case when ${input.now}::timestamptz > segment_started_at
        then (segment_done + ${input.processed}) * 60.0
             / extract(epoch from (${input.now}::timestamptz - segment_started_at)) end,
      updated_at = ${input.now}::timestamptz
    where id = ${input.id} and state = 'running'`.execute(db);
  return Number(r.numAffectedRows ?? 0) > 0;
}

export async function finishBackfill(
  db: Kysely<DB>,
  input: { id: number; state: 'done' | 'failed'; error?: string; now: Date },
) {
  await db
    .updateTable('backfill_runs')
    .set({ state: input.state, error: input.error ?? null, finished_at: input.now, updated_at: input.now })
    .where('id', '=', input.id)
    .where('state', '=', 'running')
    .execute();
}
