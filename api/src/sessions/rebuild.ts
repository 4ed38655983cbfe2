import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../schema.ts';
import { refoldRange } from './events.repository.ts';

export interface RebuildResult {
  /** Session ids the event log names (every one was folded and compared). */
  sessions: number;
  /**
   * The table was empty at the start: every fold was written without comparing, with the secondary indexes
   * dropped and built again afterwards (`indexes` of them, in `indexSeconds`, included in `seconds`).
   */
  fromEmpty: boolean;
  indexes: number;
  indexSeconds: number;
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
 * from the fold (every column it writes; the decision and metadata are not copied, the row names the events
 * that hold them); a session whose events no longer fold to anything is removed. Ranges run on `concurrency`
 * connections at once (each range is its own transaction; ranges never share a session).
 *
 * From an empty table (a restored event log, a fold changed for every row) there is nothing to compare and
 * every row is written: then the secondary indexes are dropped first and built again at the end, sorted
 * and in bulk (GIN included), on `concurrency` connections — maintaining 13 indexes row by row was the
 * larger part of the cost. Until they are back, queries on `sessions` scan it and writes to it wait for the
 * builds. Their definitions are kept in the table's comment until they exist again, so an interrupted
 * rebuild (killed, crashed) leaves them recorded and the next `pnpm rebuild-sessions` creates them first.
 */
export async function rebuildSessions(
  db: Kysely<DB>,
  opts: {
    batchSessions?: number;
    concurrency?: number;
    onProgress?: (sessions: number) => void;
  } = {},
): Promise<RebuildResult> {
  const started = performance.now();
  const concurrency = Math.max(1, opts.concurrency ?? 2);
  await restoreDeferredIndexes(db);
  const { rows: emptyRows } = await sql<{
    empty: boolean;
  }>`select not exists (select 1 from sessions) as empty`.execute(db);
  const fromEmpty = emptyRows[0]?.empty === true;
  const deferred = fromEmpty ? await dropSecondaryIndexes(db) : [];
  try {
    const r = await refoldAll(db, { ...opts, concurrency, fromEmpty });
    let indexSeconds = 0;
    if (deferred.length > 0) {
      const i0 = performance.now();
      await buildIndexes(db, deferred, concurrency);
      indexSeconds = (performance.now() - i0) / 1000;
    }
    return {
      ...r,
      fromEmpty,
      indexes: deferred.length,
      indexSeconds,
      seconds: (performance.now() - started) / 1000,
    };
  } catch (err) {
    // The rows written so far stay (a rebuild run again completes them); the indexes come back either way.
    if (deferred.length > 0) await buildIndexes(db, deferred, concurrency);
    throw err;
  }
}

async function refoldAll(
  db: Kysely<DB>,
  opts: {
    batchSessions?: number;
    concurrency: number;
    fromEmpty: boolean;
    onProgress?: (sessions: number) => void;
  },
): Promise<Omit<RebuildResult, 'fromEmpty' | 'indexes' | 'indexSeconds' | 'seconds'>> {
  const { concurrency, fromEmpty } = opts;
  const { rows: countRows } = await sql<{ n: number }>`
    select count(*)::int as n from webhook_events
    where session_id is not null and apply_state in ('applied', 'stale', 'pending_fetch')`.execute(db);
  // At most 20,000 sessions a range, and at least 4 ranges per connection (the events bound the sessions):
  // 20,000 at 100,000 sessions made 5 ranges on 2 connections, the last one alone on a core.
  const batch =
    opts.batchSessions ??
    Math.max(1000, Math.min(20_000, Math.ceil((countRows[0]?.n ?? 0) / (concurrency * 4))));
  let sessions = 0;
  let rewritten = 0;
  const refold = async (from: string | null, upTo: string, count: number) => {
    const written = await db.transaction().execute(async (trx) => {
      await sql`set local work_mem = '64MB'`.execute(trx);
      // The fold reads its sorted input in order (events.repository.ts `foldSelect`): no partial aggregates.
      await sql`set local max_parallel_workers_per_gather = 0`.execute(trx);
      return refoldRange(trx, from, upTo, { fromEmpty });
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
  // From an empty table every row written is the fold of events in the log (the rebuild's or the intake's):
  // there is nothing to remove, and the anti-join over every session (~2 µs a row) is skipped.
  if (fromEmpty) return { sessions, rewritten, events: countRows[0]?.n ?? 0, removed: 0 };
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
  };
}

interface IndexDefinition {
  name: string;
  definition: string;
}

/** Marks the table comment that holds index definitions a from-empty rebuild dropped and has not rebuilt. */
const DEFERRED_MARK = 'console: indexes deferred by pnpm rebuild-sessions, created again when it ends: ';

/**
 * Drops every index of `sessions` but those enforcing a constraint (the primary key), recording their
 * definitions in the table's comment in the same transaction. (Exported for the test of an interrupted run.)
 */
export async function dropSecondaryIndexes(db: Kysely<DB>): Promise<IndexDefinition[]> {
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<IndexDefinition>`
      select c.relname as name, pg_get_indexdef(i.indexrelid) as definition
      from pg_index i join pg_class c on c.oid = i.indexrelid
      where i.indrelid = 'sessions'::regclass and not i.indisprimary and not i.indisunique
        and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)
      order by c.relname`.execute(trx);
    if (rows.length === 0) return [];
    await sql`comment on table sessions is ${sql.lit(DEFERRED_MARK + JSON.stringify(rows))}`.execute(trx);
    for (const r of rows) await sql`drop index ${sql.id(r.name)}`.execute(trx);
    return rows;
  });
}

/**
 * Creates the indexes (if missing) on `concurrency` connections, the largest first (the trigram GIN takes
 * longer than all the B-trees together), then clears the record of them.
 *
 * Each build runs without parallel workers: the connections already keep the cores busy, and a B-tree's two
 * workers (the server's default `max_parallel_maintenance_workers`) took a share of the core the GIN (never
 * parallel in Postgres 15) was building on, for the same CPU in all — the GIN is the critical path
 * (docs/performance.md "Full recompute toward 20,000 events/s").
 */
async function buildIndexes(db: Kysely<DB>, defs: IndexDefinition[], concurrency: number): Promise<void> {
  const order = [...defs].sort((a, b) => Number(isGin(b)) - Number(isGin(a)));
  let next = 0;
  const worker = async () => {
    for (let d = order[next++]; d !== undefined; d = order[next++]) {
      const definition = d.definition.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX IF NOT EXISTS ');
      await db.transaction().execute(async (trx) => {
        await sql`set local maintenance_work_mem = '256MB'`.execute(trx);
        await sql`set local max_parallel_maintenance_workers = 0`.execute(trx);
        await sql.raw(definition).execute(trx);
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, order.length) }, worker));
  await sql`comment on table sessions is null`.execute(db);
}

const isGin = (d: IndexDefinition) => /\bUSING gin\b/i.test(d.definition);

/** An interrupted from-empty rebuild left index definitions in the table comment: create them now. */
async function restoreDeferredIndexes(db: Kysely<DB>): Promise<void> {
  const { rows } = await sql<{
    comment: string | null;
  }>`select obj_description('sessions'::regclass, 'pg_class') as comment`.execute(db);
  const comment = rows[0]?.comment;
  if (!comment?.startsWith(DEFERRED_MARK)) return;
  await buildIndexes(db, JSON.parse(comment.slice(DEFERRED_MARK.length)) as IndexDefinition[], 2);
}
