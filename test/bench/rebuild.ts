import { execFileSync, spawn } from 'node:child_process';
import pg from 'pg';
import { REPO } from '../support/console.ts';
import { int, type Row, row } from './support/report.ts';

/**
 * Part 3: `pnpm rebuild-sessions` over the seeded event log (one signed webhook per session), with every
 * index present: first over the table as it is (in sync: every session folded and compared, none rewritten),
 * then after damaging 1% of the rows (those are rewritten), then from an empty table (every row written).
 * The projection must come out identical each time.
 */
const log = (s: string) => process.stderr.write(`[rebuild] ${s}\n`);

const FINGERPRINT = `select count(*)::int as n, sum(hashtext(concat_ws('|', session_id, status, full_name, document_number,
  warning_errors, warning_warnings, aml_hits, aml_unreviewed_hits, sort_at, decision ->> 'created_at')))::text as h from sessions`;

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
  const line = out.split('\n').find((l) => l.trim().startsWith('{'));
  if (!line) throw new Error(`rebuild-sessions printed no figures: ${out}`);
  return { ...(JSON.parse(line) as RebuildFigures), wall };
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
  return [
    row(
      'rebuild',
      `pnpm rebuild-sessions: ${int(r.events)} events → ${int(r.sessions)} sessions folded and compared`,
      `${r.seconds.toFixed(1)} s (${r.wall.toFixed(1)} s with start-up); ${int(r.rewritten)} rewritten`,
    ),
    row('rebuild', 'events/s', int(r.events_per_second), '≥ 20,000', r.events_per_second >= 20_000),
    row(
      'rebuild',
      `after damaging ${int(damaged[0]!.n)} rows (1%): rewritten / seconds / events/s`,
      `${int(repair.rewritten)} / ${repair.seconds.toFixed(1)} s / ${int(repair.events_per_second)}`,
      `${int(damaged[0]!.n)} rewritten`,
      repair.rewritten === damaged[0]!.n,
    ),
    row(
      'rebuild',
      'from an empty sessions table: rewritten / seconds / events/s',
      `${int(scratch.rewritten)} / ${scratch.seconds.toFixed(1)} s / ${int(scratch.events_per_second)}`,
    ),
    row(
      'rebuild',
      'projection identical before/after each run (count + hash of every row)',
      same(afterSync) && same(afterRepair) && same(afterScratch) ? 'yes' : 'NO',
      'yes',
      same(afterSync) && same(afterRepair) && same(afterScratch),
    ),
  ];
}
