import { execFileSync, spawn } from 'node:child_process';
import pg from 'pg';
import { REPO } from '../support/console.ts';
import { int, type Row, row } from './support/report.ts';
import { auxiliaryCpu, sampledBackendCpu } from './support/server.ts';

/**
 * Part 3: `pnpm rebuild-sessions` over the seeded event log (one signed webhook per session), with every
 * index present: first over the table as it is (in sync: every session folded and compared, none rewritten),
 * then after damaging 1% of the rows (those are rewritten), then from an empty table (every row written).
 * Each pass is reported with its own events/s; the target (≥ 20,000 events/s) is on the full recompute.
 * The projection must come out identical each time, every column of every row.
 */
const log = (s: string) => process.stderr.write(`[rebuild] ${s}\n`);

interface RebuildFigures {
  events: number;
  sessions: number;
  rewritten: number;
  seconds: number;
  events_per_second: number;
  from_empty?: boolean;
  indexes_built?: number;
  index_seconds?: number;
}

/** What a pass cost, whatever else ran on the cores: Postgres CPU and WAL written, per event. */
interface PassCost {
  wall: number;
  /** CPU seconds of the database's backends (the rebuild's connections). */
  backends: number;
  /** CPU seconds of the WAL writer, checkpointer and background writer (all databases). */
  writers: number;
  walBytes: number;
}

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(text)).rows;
  } finally {
    await c.end();
  }
}

/**
 * Count and an order-free hash of every column of every row (generated columns and `reconciled_at`
 * included), column by column, so a difference names the columns that changed.
 */
async function fingerprint(url: string): Promise<{ n: number; columns: Record<string, string> }> {
  const columns = (
    await query<{ c: string }>(
      url,
      `select column_name as c from information_schema.columns
        where table_schema = current_schema() and table_name = 'sessions' order by ordinal_position`,
    )
  ).map((r) => r.c);
  const sums = columns.map(
    (c) => `coalesce(sum(hashtextextended(coalesce(s.${c}::text, 'NULL:'), 0)), 0)::text as ${c}`,
  );
  const [r] = await query<Record<string, string> & { n: number }>(
    url,
    `select count(*)::int as n, ${sums.join(', ')} from sessions s`,
  );
  const { n, ...columnSums } = r!;
  return { n, columns: columnSums };
}

/** The columns whose hash differs from `before` (and `count` when the row count does). */
const changed = (
  before: Awaited<ReturnType<typeof fingerprint>>,
  after: Awaited<ReturnType<typeof fingerprint>>,
  except: string[] = [],
): string[] => [
  ...(before.n === after.n ? [] : ['count']),
  ...Object.keys(before.columns).filter((c) => !except.includes(c) && before.columns[c] !== after.columns[c]),
];

/**
 * Not in the event log, so an emptied table cannot get it back: when the reconcile job last checked the
 * session with Didit (it fills it again on its next pass). The real rebuild rewrites rows in place and keeps it.
 */
const NOT_FROM_EVENTS = ['reconciled_at'];

async function runRebuild(databaseUrl: string): Promise<RebuildFigures & PassCost> {
  const database = new URL(databaseUrl).pathname.slice(1);
  const lsn = async () =>
    (await query<{ l: string }>(databaseUrl, 'select pg_current_wal_lsn()::text as l'))[0]!.l;
  const wal0 = await lsn();
  const backends = sampledBackendCpu(database);
  const writers = auxiliaryCpu();
  const t0 = performance.now();
  const out = await new Promise<string>((resolve, reject) => {
    // The compiled command without the build `pnpm rebuild-sessions` runs first (benchRebuild builds once).
    const child = spawn('pnpm', ['--silent', '--filter', 'api', 'rebuild-sessions'], {
      cwd: REPO,
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let text = '';
    child.stdout.on('data', (d) => {
      text += d;
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(text) : reject(new Error(`rebuild-sessions exited ${code}: ${text}`)),
    );
  });
  const wall = (performance.now() - t0) / 1000;
  const backendSeconds = backends.stop();
  const writerSeconds = writers();
  const [w] = await query<{ b: string }>(
    databaseUrl,
    `select pg_wal_lsn_diff(pg_current_wal_lsn(), '${wal0}')::text as b`,
  );
  const line = out.split('\n').find((l) => l.trim().startsWith('{'));
  if (!line) throw new Error(`rebuild-sessions printed no figures: ${out}`);
  return {
    ...(JSON.parse(line) as RebuildFigures),
    wall,
    backends: backendSeconds,
    writers: writerSeconds,
    walBytes: Number(w!.b),
  };
}

export async function benchRebuild(databaseUrl: string): Promise<Row[]> {
  log('building the API');
  execFileSync('pnpm', ['--filter', 'api', 'build'], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
  log('fingerprint before');
  const before = await fingerprint(databaseUrl);
  log(`pnpm rebuild-sessions over ${int(before.n)} sessions`);
  const r = await runRebuild(databaseUrl);
  const afterSync = await fingerprint(databaseUrl);

  log('damaging 1% of the sessions, then rebuilding again');
  const damaged = await query<{ n: number }>(
    databaseUrl,
    `with d as (update sessions set status = 'Tampered', decision_event_id = null
       where hashtext(session_id) % 100 = 0 returning 1) select count(*)::int as n from d`,
  );
  const repair = await runRebuild(databaseUrl);
  const afterRepair = await fingerprint(databaseUrl);

  // The worst case: an empty projection (a new database restored from the event log, a fold that changed
  // for every row), so every session is written with its index entries.
  log('emptying sessions, then rebuilding from the event log alone');
  await query(databaseUrl, 'truncate sessions');
  const scratch = await runRebuild(databaseUrl);
  const afterScratch = await fingerprint(databaseUrl);
  log('vacuum');
  await query(databaseUrl, 'vacuum (analyze) sessions');
  const diffs = [
    changed(before, afterSync),
    changed(before, afterRepair),
    changed(before, afterScratch, NOT_FROM_EVENTS),
  ];
  const pass = (name: string, f: RebuildFigures & PassCost, target?: { value: string; pass: boolean }) => [
    row(
      'rebuild',
      `${name}: ${int(f.events)} events, ${int(f.sessions)} sessions → rewritten / seconds / events/s`,
      `${int(f.rewritten)} / ${f.seconds.toFixed(1)} s (${f.wall.toFixed(1)} s with start-up) / ${int(f.events_per_second)}`,
      target?.value ?? '',
      target?.pass ?? null,
    ),
    // Figures the other work on the cores does not change much: CPU and WAL per event.
    row(
      'rebuild',
      `${name}: Postgres CPU per event, backends + WAL writer/checkpointer/bgwriter (whole server); WAL per event`,
      `${((f.backends * 1e6) / f.events).toFixed(0)} + ${((f.writers * 1e6) / f.events).toFixed(0)} µs → ≤ ${int((2 * f.events) / (f.backends + f.writers))}/s on 2 idle cores; ${(f.walBytes / f.events / 1024).toFixed(1)} KiB`,
    ),
    ...(f.from_empty
      ? [
          row(
            'rebuild',
            `${name}: secondary indexes dropped for the writes, then built (included in the seconds above)`,
            `${f.indexes_built} in ${(f.index_seconds ?? 0).toFixed(1)} s`,
          ),
        ]
      : []),
  ];
  return [
    // Compares every session with its fold and writes none: the cheapest pass, not the rebuild's speed.
    ...pass('in sync (fold and compare, nothing to write)', r, {
      value: '0 rewritten',
      pass: r.rewritten === 0,
    }),
    ...pass(`after damaging ${int(damaged[0]!.n)} rows (1%)`, repair, {
      value: `${int(damaged[0]!.n)} rewritten`,
      pass: repair.rewritten === damaged[0]!.n,
    }),
    // The full recompute: every row written with its index entries. The rebuild's target is on this pass.
    ...pass('full recompute from an empty sessions table', scratch, {
      value: '≥ 20,000 events/s',
      pass: scratch.events_per_second >= 20_000,
    }),
    row(
      'rebuild',
      `projection identical after each pass (count + hash of every column of every row; from empty: all but ${NOT_FROM_EVENTS.join(', ')}, which is not in the event log)`,
      diffs.map((d) => (d.length === 0 ? 'yes' : `NO (${d.join(', ')})`)).join(' · '),
      'yes · yes · yes',
      diffs.every((d) => d.length === 0),
    ),
  ];
}
