import pg from 'pg';
import type { Ledger } from './ledger.ts';

/**
 * What a compliance team must be able to say after any run, checked against Postgres directly (not through
 * the API under test):
 *  - lost: an event the console acknowledged (2xx) that is not in the event log;
 *  - doubled: an event with more than one row, or more than one entry in a session's history;
 *  - wrong state: a session whose current status / watermark is not its newest event's;
 *  - unsent: an event or session in the database that the sender never sent;
 *  - the audit chain verifies (through the API, as an auditor would check it).
 */
export interface InvariantReport {
  events: number;
  sent: number;
  acknowledged: number;
  lost: string[];
  doubled: string[];
  wrongState: string[];
  unsent: string[];
  auditOk: boolean | 'skipped';
}

export async function checkInvariants(
  databaseUrl: string,
  ledger: Ledger,
  opts: { auditVerify?: () => Promise<boolean> } = {},
): Promise<InvariantReport> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const rows = (
      await client.query<{
        event_key: string;
        event_id: string | null;
        session_id: string | null;
        n: number;
      }>(
        `select event_key, event_id, session_id, count(*)::int as n
           from webhook_events where source = 'webhook' group by 1, 2, 3`,
      )
    ).rows;
    const history = (
      await client.query<{ event_id: string; n: number }>(
        `select event_id, count(*)::int as n from session_status_history
          where source = 'webhook' and event_id is not null group by 1 having count(*) > 1`,
      )
    ).rows;
    const sessions = (
      await client.query<{ session_id: string; status: string | null; last_event_at: Date }>(
        'select session_id, status, last_event_at from sessions',
      )
    ).rows;

    const stored = new Map<string, number>();
    const byEventId = new Map<string, number>();
    for (const r of rows) {
      stored.set(r.event_key, (stored.get(r.event_key) ?? 0) + r.n);
      if (r.event_id) byEventId.set(r.event_id, (byEventId.get(r.event_id) ?? 0) + r.n);
    }

    const lost: string[] = [];
    const doubled: string[] = [];
    const sentKeys = new Set<string>();
    const sentSessions = new Set<string>();
    for (const e of ledger.sent) {
      sentKeys.add(e.event.key);
      sentSessions.add(e.event.sessionId);
    }
    for (const e of ledger.acknowledged) if (!stored.has(e.event.key)) lost.push(e.event.key);
    for (const [k, n] of stored) if (n > 1) doubled.push(k);
    for (const [id, n] of byEventId) if (n > 1 && !doubled.includes(id)) doubled.push(id);
    for (const h of history) doubled.push(`history:${h.event_id}`);

    const unsent: string[] = [];
    for (const k of stored.keys()) if (!sentKeys.has(k)) unsent.push(k);
    for (const s of sessions) if (!sentSessions.has(s.session_id)) unsent.push(`session:${s.session_id}`);

    // A session's expected state: its newest acknowledged event. Sessions with an unacknowledged event are
    // left out — that event may or may not have committed, and either is correct.
    const newest = new Map<string, { ts: number; status: string; complete: boolean }>();
    for (const e of ledger.events) {
      const cur = newest.get(e.event.sessionId) ?? { ts: -1, status: '', complete: true };
      if (!e.acknowledged) cur.complete = false;
      else if (e.event.timestamp > cur.ts) {
        cur.ts = e.event.timestamp;
        cur.status = e.event.status;
      }
      newest.set(e.event.sessionId, cur);
    }
    const actual = new Map(sessions.map((s) => [s.session_id, s]));
    const wrongState: string[] = [];
    for (const [id, want] of newest) {
      if (!want.complete || want.ts < 0) continue;
      const got = actual.get(id);
      if (!got) wrongState.push(`${id}: missing`);
      else if (got.status !== want.status || got.last_event_at.getTime() !== want.ts * 1000) {
        wrongState.push(
          `${id}: ${got.status}@${got.last_event_at.toISOString()} ≠ ${want.status}@${new Date(want.ts * 1000).toISOString()}`,
        );
      }
    }

    return {
      events: ledger.entries.size,
      sent: sentKeys.size,
      acknowledged: ledger.acknowledged.length,
      lost,
      doubled,
      wrongState,
      unsent,
      auditOk: opts.auditVerify ? await opts.auditVerify() : 'skipped',
    };
  } finally {
    await client.end();
  }
}
