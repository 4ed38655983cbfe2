import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/** pgbench of the Postgres 15 server packages (BENCH_PGBENCH overrides). */
const PGBENCH = process.env.BENCH_PGBENCH ?? '/usr/lib/postgresql/15/bin/pgbench';

/**
 * The least one webhook delivery needs from Postgres, as its own transaction per delivery: insert the event
 * (its raw body, which is its payload as the intake stores it — `storedPayload` reads it from the bytes —
 * `ON CONFLICT (event_key) DO NOTHING`), then upsert the session naming the event
 * that holds its decision only when the event is newer — the event row is the session's history and keeps the
 * only copy of the decision. `body` is a realistic decision webhook (the intake bench's corpus).
 */
function script(body: string): string {
  // pgbench reads `:name`, `:'name'` and `:"name"` as variables, even inside literals, and JSON is full of
  // colons: the documents travel base64-encoded (no colon), decoded by Postgres.
  const b64 = (s: string) => `decode('${Buffer.from(s, 'utf8').toString('base64')}', 'base64')`;
  const key = `'pgbench-' || :client_id || '-' || :r`;
  const sid = `'pgbench-s-' || :client_id || '-' || :r`;
  return [
    '\\set r random(1, 2000000000)',
    'BEGIN;',
    `WITH ev AS (INSERT INTO webhook_events (event_key, event_id, source, webhook_type, session_id, status, occurred_at, tiebreak, received_at, signature_scheme, raw_body, payload, decision_at, has_metadata, session_kind, apply_state) VALUES (${key}, ${key}, 'webhook', 'status.updated', ${sid}, 'Approved', now(), '3-' || ${key}, now(), 'v2', ${b64(body)}, NULL, 'decision', false, 'user', 'applied') ON CONFLICT (event_key) DO NOTHING RETURNING id) INSERT INTO sessions (session_id, session_kind, status, decision_event_id, last_event_at, last_event_tiebreak, created_at, updated_at) SELECT ${sid}, 'user', 'Approved', ev.id, now(), '3-' || ${key}, now(), now() FROM ev ON CONFLICT (session_id) DO UPDATE SET status = excluded.status, decision_event_id = excluded.decision_event_id, last_event_at = excluded.last_event_at, last_event_tiebreak = excluded.last_event_tiebreak, updated_at = excluded.updated_at WHERE (excluded.last_event_at, excluded.last_event_tiebreak) > (sessions.last_event_at, sessions.last_event_tiebreak);`,
    'END;',
    '',
  ].join('\n');
}

export interface PgbenchResult {
  tps: number;
  transactions: number;
  latencyMs: number;
}

/** Runs pgbench with `clients` clients for `seconds` against `databaseUrl` (a migrated, empty database). */
export async function runPgbench(
  databaseUrl: string,
  clients: number,
  seconds: number,
  body: string,
): Promise<PgbenchResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-pgbench-'));
  const file = path.join(dir, 'delivery.sql');
  fs.writeFileSync(file, script(body));
  try {
    const { stdout } = await promisify(execFile)(
      PGBENCH,
      [
        '-n',
        '-M',
        'prepared',
        '-c',
        String(clients),
        '-j',
        '2',
        '-T',
        String(seconds),
        '-f',
        file,
        databaseUrl,
      ],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    const num = (re: RegExp) => {
      const m = re.exec(stdout);
      if (!m) throw new Error(`pgbench printed no ${re}: ${stdout}`);
      return Number(m[1]);
    };
    return {
      tps: num(/tps = ([\d.]+) \(without initial connection time\)/),
      transactions: num(/number of transactions actually processed: (\d+)/),
      latencyMs: num(/latency average = ([\d.]+) ms/),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
