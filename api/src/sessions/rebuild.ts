import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../schema.ts';
import { refoldRange } from './events.repository.ts';

export interface RebuildResult {
  /** Session ids the event log names (every one was folded and compared). */
  sessions: number;
  /** Sessions whose stored row differed from the fold (or was missing) and was rewritten. */
  rewritten: number;
  events: number;
  removed: number;
  seconds: number;
}

/**
 * Recomputes every session from the event log, set-based, a batch of sessions per transaction: the same
 * fold the intake uses for a late event, applied to ranges of session ids. Rows are rewritten in place
 * (never truncated), so anything else keyed by session id keeps pointing at them, and only when they differ
 * from the fold (documents are compared by the event they come from, or by content with `compareDocuments`);
 * a session whose events no longer fold to anything is removed. Ranges run on `concurrency`
 * connections at once (each range is its own transaction; ranges never share a session).
 */
export async function rebuildSessions(
  db: Kysely<DB>,
  opts: {
    batchSessions?: number;
    concurrency?: number;
    /** Also compare the documents' contents, not only the events they come from (reads every decision). */
    compareDocuments?: boolean;
    onProgress?: (sessions: number) => void;
  } = {},
): Promise<RebuildResult> {
  const started = performance.now();
  const batch = opts.batchSessions ?? 20_000;
  const concurrency = Math.max(1, opts.concurrency ?? 2);
  const { rows: countRows } = await sql<{ n: number }>`
    select count(*)::int as n from webhook_events
    where session_id is not null and apply_state in ('applied', 'stale', 'pending_fetch')`.execute(db);
  let sessions = 0;
  let rewritten = 0;
  const refold = async (from: string | null, upTo: string, count: number) => {
    const written = await db.transaction().execute(async (trx) => {
      await sql`set local work_mem = '64MB'`.execute(trx);
      return refoldRange(trx, from, upTo, { documents: opts.compareDocuments });
    });
    // Not `rewritten += await …`: that reads `rewritten` before the await and loses a concurrent range's count.
    rewritten += written;
    sessions += count;
    opts.onProgress?.(sessions);
  };
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  let after: string | null = null;
  while (failure === undefined) {
    const lower: RawBuilder<unknown> = after === null ? sql`true` : sql`session_id > ${after}`;
    const { rows }: { rows: { session_id: string | null; n: number }[] } = await sql<{
      session_id: string | null;
      n: number;
    }>`
      select max(session_id) as session_id, count(*)::int as n from (
        select distinct session_id from webhook_events
        where session_id is not null and ${lower}
        order by session_id limit ${batch}
      ) b`.execute(db);
    const upTo: string | null = rows[0]?.session_id ?? null;
    if (upTo === null) break;
    const p: Promise<void> = refold(after, upTo, rows[0]!.n)
      .catch((err) => {
        failure ??= err;
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
    after = upTo;
  }
  await Promise.all(inFlight);
  if (failure !== undefined) throw failure;
  const removed = await sql`
    delete from sessions s where not exists (
      select 1 from webhook_events e
      where e.session_id = s.session_id and e.apply_state in ('applied', 'stale', 'pending_fetch'))`.execute(
    db,
  );
  return {
    sessions,
    rewritten,
    events: countRows[0]?.n ?? 0,
    removed: Number(removed.numAffectedRows ?? 0),
    seconds: (performance.now() - started) / 1000,
  };
}
