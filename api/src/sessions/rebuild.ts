import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { refoldRange } from './events.repository.ts';

export interface RebuildResult {
  sessions: number;
  events: number;
  removed: number;
  seconds: number;
}

/**
 * Recomputes every session from the event log, set-based, a batch of sessions per transaction: the same
 * fold the intake uses for a late event, applied to ranges of session ids. Rows are rewritten in place
 * (never truncated), so anything else keyed by session id keeps pointing at them; a session whose events
 * no longer fold to anything is removed.
 */
export async function rebuildSessions(
  db: Kysely<DB>,
  opts: { batchSessions?: number; onProgress?: (sessions: number) => void } = {},
): Promise<RebuildResult> {
  const started = performance.now();
  const batch = opts.batchSessions ?? 20_000;
  const { rows: countRows } = await sql<{ n: number }>`
    select count(*)::int as n from webhook_events
    where session_id is not null and apply_state in ('applied', 'stale', 'pending_fetch')`.execute(db);
  let after: string | null = null;
  let sessions = 0;
  for (;;) {
    const lower: RawBuilder<unknown> = after === null ? sql`true` : sql`session_id > ${after}`;
    const { rows }: { rows: { session_id: string | null }[] } = await sql<{ session_id: string | null }>`
      select max(session_id) as session_id from (
        select distinct session_id from webhook_events
        where session_id is not null and ${lower}
        order by session_id limit ${batch}
      ) b`.execute(db);
    const upTo: string | null = rows[0]?.session_id ?? null;
    if (upTo === null) break;
    const from: string | null = after;
    sessions += await db.transaction().execute(async (trx) => {
      await sql`set local work_mem = '64MB'`.execute(trx);
      return refoldRange(trx, from, upTo);
    });
    opts.onProgress?.(sessions);
    after = upTo;
  }
  const removed = await sql`
    delete from sessions s where not exists (
      select 1 from webhook_events e
      where e.session_id = s.session_id and e.apply_state in ('applied', 'stale', 'pending_fetch'))`.execute(
    db,
  );
  return {
    sessions,
    events: countRows[0]?.n ?? 0,
    removed: Number(removed.numAffectedRows ?? 0),
    seconds: (performance.now() - started) / 1000,
  };
}
