import type { Kysely } from 'kysely';
import { enqueueJob } from '../platform/jobs/jobs.repository.ts';
import type { DB } from '../schema.ts';
import type { EventInput } from './event-input.ts';
import {
  type InsertedEvent,
  insertAndApplyEvent,
  insertFailedEvent,
  markEventStale,
  refoldSession,
} from './events.repository.ts';
import type { ApplyState } from './sessions.tables.ts';

export type ApplyOutcome = ApplyState | 'duplicate';

export interface ApplyResult {
  outcome: ApplyOutcome;
  /** The event's row id; absent for a duplicate. */
  eventRowId?: number;
}

/** Job kind that fetches a session's decision from Didit and applies it (source `refresh`). */
export const REFRESH_JOB = 'session.refresh';

/** Queues a decision fetch for the session, once: a refresh already waiting for it is the same job. */
export function enqueueRefresh(db: Kysely<DB>, sessionId: string, now: Date) {
  return enqueueJob(
    db,
    { kind: REFRESH_JOB, key: `refresh:${sessionId}`, payload: { session_id: sessionId }, runAt: now },
    now,
  );
}

/**
 * The one unit of work for every event: store it (idempotent on `event_key`), fold it into its session when
 * it is the newest, or refold the session when it arrived late, and queue a decision fetch when the event
 * could not carry a trusted one — all in one transaction. Throws only for infrastructure failures (the
 * caller answers 503 and Didit retries); input Postgres refuses is stored as `failed` instead.
 */
export async function applyEvent(db: Kysely<DB>, event: EventInput, now: Date): Promise<ApplyResult> {
  try {
    return await db.transaction().execute((trx) => applyWithin(trx, event, now));
  } catch (err) {
    if (!isDataError(err)) throw err;
    // Verified, but Postgres refuses a value in it (a number jsonb cannot hold, …): keep the raw bytes.
    const row = await insertFailedEvent(
      db,
      event,
      `rejected by the database: ${(err as Error).message}`.slice(0, 300),
    );
    return row ? { outcome: 'failed', eventRowId: row.id } : { outcome: 'duplicate' };
  }
}

/**
 * `applyEvent`'s work inside a transaction the caller owns (the intake batches several events into one).
 * `insert` runs `insertAndApplyEvent`'s statement; the batcher passes one that executes it prepared.
 */
export async function applyWithin(
  trx: Kysely<DB>,
  event: EventInput,
  now: Date,
  insert: (e: EventInput) => Promise<InsertedEvent | undefined> = (e) => insertAndApplyEvent(trx, e),
): Promise<ApplyResult> {
  return afterInsert(trx, event, now, await insert(event));
}

/**
 * The rest of `applyWithin` once the event's statement ran (`row` is what it returned, undefined for a
 * duplicate): a late event's refold and the decision fetch. The intake batcher inserts a batch in one
 * statement and calls this for each of its events, in the same transaction.
 */
export async function afterInsert(
  trx: Kysely<DB>,
  event: EventInput,
  now: Date,
  row: InsertedEvent | undefined,
): Promise<ApplyResult> {
  if (!row) return { outcome: 'duplicate' };
  let state = row.apply_state;
  const foldable = state === 'applied' || state === 'pending_fetch' || state === 'stale';
  if (foldable && event.sessionId !== null && (state === 'stale' || row.upserted === 0)) {
    // Arrived after a newer event: it still belongs in the fold (an older decision the newer event
    // lacked, its place in the history), so recompute the session from its events.
    if (state !== 'stale') await markEventStale(trx, row.id);
    state = 'stale';
    await refoldSession(trx, event.sessionId);
  }
  if (event.needsFetch && event.sessionId !== null) await enqueueRefresh(trx, event.sessionId, now);
  return { outcome: state, eventRowId: row.id };
}

/** SQLSTATE class 22 (data exception) or 23 (integrity constraint): the input, not the database, is at fault. */
export function isDataError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}
