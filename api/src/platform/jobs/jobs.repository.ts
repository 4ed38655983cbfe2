import { type Kysely, sql } from 'kysely';
import type { DB } from '../../schema.ts';

export interface EnqueueInput {
  kind: string;
  /** Unique among live (queued or running) jobs: a second enqueue with the same key does nothing. */
  key?: string | null;
  payload?: Record<string, unknown>;
  runAt: Date;
  maxAttempts?: number;
}

export interface ClaimedJob {
  id: number;
  kind: string;
  key: string | null;
  payload: Record<string, unknown>;
  attempts: number;
  max_attempts: number;
}

/** Returns the new job's id, or undefined when a live job with the same key exists. */
export async function enqueueJob(db: Kysely<DB>, job: EnqueueInput, now: Date): Promise<number | undefined> {
  const { rows } = await sql<{ id: number }>`
    insert into jobs (kind, key, payload, run_at, max_attempts, created_at)
    values (${job.kind}, ${job.key ?? null}, ${JSON.stringify(job.payload ?? {})}::jsonb, ${job.runAt}::timestamptz,
            ${job.maxAttempts ?? 10}, ${now}::timestamptz)
    on conflict (key) where key is not null and state <> 'failed' do nothing
    returning id`.execute(db);
  return rows[0]?.id;
}

/**
 * A running job whose lease ran out after its last allowed attempt ends `failed`: every claim counts an
 * attempt, so a job whose run kills its worker (out of memory, a native crash) stops after `max_attempts`
 * instead of taking down one worker after another for ever.
 */
async function failExhaustedLeases(db: Kysely<DB>, kinds: readonly string[], now: Date) {
  const r = await sql`
    update jobs set state = 'failed', finished_at = ${now}::timestamptz, locked_by = null, locked_until = null,
      last_error = 'the worker running it stopped (lease expired) on its last allowed attempt'
    where state = 'running' and locked_until < ${now}::timestamptz and attempts >= max_attempts
      and kind in (${sql.join(kinds)})`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/**
 * Claims one due job: a queued job whose time has come, or a running one whose lease ran out (its worker
 * died) and that has attempts left. The claim counts the attempt, before the job runs, so a run that never
 * reports back still spends one. `SKIP LOCKED` lets several processes claim side by side without waiting.
 */
export async function claimJob(
  db: Kysely<DB>,
  input: { workerId: string; kinds: readonly string[]; leaseMs: number; now: Date },
): Promise<ClaimedJob | undefined> {
  if (input.kinds.length === 0) return undefined;
  await failExhaustedLeases(db, input.kinds, input.now);
  const until = new Date(input.now.getTime() + input.leaseMs);
  const { rows } = await sql<ClaimedJob>`
    update jobs set state = 'running', locked_by = ${input.workerId}, locked_until = ${until}::timestamptz,
      heartbeat_at = ${input.now}::timestamptz, attempts = attempts + 1
    where id = (
      select id from jobs
      where kind in (${sql.join(input.kinds)})
        and ((state = 'queued' and run_at <= ${input.now}::timestamptz)
          or (state = 'running' and locked_until < ${input.now}::timestamptz and attempts < max_attempts))
      order by run_at, id
      limit 1
      for update skip locked
    )
    returning id, kind, key, payload, attempts, max_attempts`.execute(db);
  return rows[0];
}

/** Extends the lease; false when the job is no longer ours (lease lost to another worker, or deleted). */
export async function heartbeatJob(
  db: Kysely<DB>,
  input: { id: number; workerId: string; leaseMs: number; now: Date },
): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set({ locked_until: new Date(input.now.getTime() + input.leaseMs), heartbeat_at: input.now })
    .where('id', '=', input.id)
    .where('locked_by', '=', input.workerId)
    .where('state', '=', 'running')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function completeJob(db: Kysely<DB>, id: number, workerId: string): Promise<void> {
  await db.deleteFrom('jobs').where('id', '=', id).where('locked_by', '=', workerId).execute();
}

/** Back to the queue with a delay, or `failed` for good when its attempts are spent. */
export async function failJob(
  db: Kysely<DB>,
  input: { id: number; workerId: string; error: string; retryAt: Date; now: Date },
): Promise<void> {
  await sql`
    update jobs set
      state = case when attempts >= max_attempts then 'failed' else 'queued' end,
      finished_at = case when attempts >= max_attempts then ${input.now}::timestamptz end,
      run_at = ${input.retryAt}::timestamptz, locked_by = null, locked_until = null,
      last_error = ${input.error.slice(0, 500)}
    where id = ${input.id} and locked_by = ${input.workerId}`.execute(db);
}

/** A job that asks to run again later (a periodic loop, a paused backfill) without spending an attempt. */
export async function rescheduleJob(
  db: Kysely<DB>,
  input: { id: number; workerId: string; runAt: Date },
): Promise<void> {
  await sql`
    update jobs set state = 'queued', run_at = ${input.runAt}::timestamptz, locked_by = null, locked_until = null,
      attempts = greatest(attempts - 1, 0)
    where id = ${input.id} and locked_by = ${input.workerId}`.execute(db);
}

/** Graceful shutdown: hand this worker's running jobs back at once instead of waiting out the lease. */
export async function releaseJobs(db: Kysely<DB>, workerId: string): Promise<number> {
  const r = await sql`
    update jobs set state = 'queued', locked_by = null, locked_until = null, attempts = greatest(attempts - 1, 0)
    where locked_by = ${workerId} and state = 'running'`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

export async function jobBacklog(db: Kysely<DB>, now: Date) {
  const { rows } = await sql<{ kind: string; due: number; oldest_run_at: Date | null }>`
    select kind, count(*)::int as due, min(run_at) as oldest_run_at
    from jobs where state = 'queued' and run_at <= ${now}::timestamptz group by kind`.execute(db);
  return rows;
}

/** For the metrics scrape: per kind, ready / running / failed counts and the oldest ready job's wait. */
export async function jobQueueReadings(db: Kysely<DB>, now: Date) {
  const { rows } = await sql<{
    kind: string;
    ready: number;
    running: number;
    failed: number;
    oldest: Date | null;
  }>`
    select kind,
      count(*) filter (where state = 'queued' and run_at <= ${now}::timestamptz)::int as ready,
      count(*) filter (where state = 'running' and locked_until >= ${now}::timestamptz)::int as running,
      count(*) filter (where state = 'failed')::int as failed,
      min(run_at) filter (where state = 'queued' and run_at <= ${now}::timestamptz) as oldest
    from jobs group by kind`.execute(db);
  return rows.map((r) => ({
    kind: r.kind,
    ready: r.ready,
    running: r.running,
    failed: r.failed,
    oldestReadyAgeSeconds: r.oldest ? Math.max(0, (now.getTime() - r.oldest.getTime()) / 1000) : 0,
  }));
}
