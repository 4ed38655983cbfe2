import { spawn } from 'node:child_process';
import pg from 'pg';
import { REPO } from '../support/console.ts';
import { int, type Row, row } from './support/report.ts';

/**
 * Part 3: `pnpm rebuild-sessions` over the seeded event log (one signed webhook per session), with every
 * index present: first over the table as it is (in sync: every session folded and compared, none rewritten),
 * then after damaging 1% of the rows (those are rewritten), then from an empty table (every row written).
 * Each pass is reported with its own events/s; the target (≥ 20,000 events/s) is on the full recompute.
 * The projection must come out identical each time, every column of every row.
 */
const log = (s: string) => process.stderr.write(`[rebuild] ${s}\n`);

/**
 * Count and an order-free hash of every row, every column (the whole row's text, generated columns and
 * `reconciled_at` included): a rebuild that changes any column of any session changes it.
 */
const FINGERPRINT = `select count(*)::int as n, coalesce(sum(hashtextextended(s::text, 0)), 0)::text as h
  from sessions s`;

interface RebuildFigures {
  events: number;
  sessions: number;
  rewritten: number;
  seconds: number;
  events_per_second: number;
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

const fingerprint = async (url: string) => (await query<{ n: number; h: string }>(url, FINGERPRINT))[0]!;

async function runRebuild(databaseUrl: string): Promise<RebuildFigures & { wall: number }> {
  const t0 = performance.now();
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn('pnpm', ['rebuild-sessions'], {
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
  const line = out.split('\n').find((l) => l.trim().startsWith('{'));
  if (!line) throw new Error(`rebuild-sessions printed no figures: ${out}`);
  return { ...(JSON.parse(line) as RebuildFigures), wall };
}

export async function benchRebuild(databaseUrl: string): Promise<Row[]> {
  log('fingerprint before');
  const before = await fingerprint(databaseUrl);
  log(`pnpm rebuild-sessions over ${int(before.n)} sessions`);
  const r = await runRebuild(databaseUrl);
  const afterSync = await fingerprint(databaseUrl);

  log('damaging 1% of the sessions, then rebuilding again');
  const damaged = await query<{ n: number }>(
    databaseUrl,
    `with d as (update sessions set status = 'Tampered', decision = null
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
  const same = (f: { n: number; h: string }) => f.n === before.n && f.h === before.h;
  const pass = (
    name: string,
    f: RebuildFigures & { wall: number },
    target?: { value: string; pass: boolean },
  ) =>
    row(
      'rebuild',
      `${name}: ${int(f.events)} events, ${int(f.sessions)} sessions → rewritten / seconds / events/s`,
      `${int(f.rewritten)} / ${f.seconds.toFixed(1)} s (${f.wall.toFixed(1)} s with start-up) / ${int(f.events_per_second)}`,
      target?.value ?? '',
      target?.pass ?? null,
    );
  return [
    // Compares every session with its fold and writes none: the cheapest pass, not the rebuild's speed.
    pass('in sync (fold and compare, nothing to write)', r, {
      value: '0 rewritten',
      pass: r.rewritten === 0,
    }),
    pass(`after damaging ${int(damaged[0]!.n)} rows (1%)`, repair, {
      value: `${int(damaged[0]!.n)} rewritten`,
      pass: repair.rewritten === damaged[0]!.n,
    }),
    // The full recompute: every row written with its index entries. The rebuild's target is on this pass.
    pass('full recompute from an empty sessions table', scratch, {
      value: '≥ 20,000 events/s',
      pass: scratch.events_per_second >= 20_000,
    }),
    row(
      'rebuild',
      'projection identical before/after each pass (count + hash of every column of every row)',
      [afterSync, afterRepair, afterScratch].map((f) => (same(f) ? 'yes' : 'NO')).join(' · '),
      'yes · yes · yes',
      same(afterSync) && same(afterRepair) && same(afterScratch),
    ),
  ];
}
