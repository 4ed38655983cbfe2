import { spawn } from 'node:child_process';
import pg from 'pg';
import { REPO } from '../support/console.ts';
import { int, type Row, row } from './support/report.ts';

/**
 * Part 3: `pnpm rebuild-sessions` over the seeded event log (one signed webhook per session), rewriting
 * the million sessions in place with every index present. The projection must come out identical.
 */
const log = (s: string) => process.stderr.write(`[rebuild] ${s}\n`);

const FINGERPRINT = `select count(*)::int as n, sum(hashtext(concat_ws('|', session_id, status, full_name, document_number,
  warning_errors, warning_warnings, aml_hits, aml_unreviewed_hits, sort_at, decision ->> 'created_at')))::text as h from sessions`;

async function fingerprint(url: string): Promise<{ n: number; h: string }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<{ n: number; h: string }>(FINGERPRINT)).rows[0]!;
  } finally {
    await c.end();
  }
}

export async function benchRebuild(databaseUrl: string): Promise<Row[]> {
  log('fingerprint before');
  const before = await fingerprint(databaseUrl);
  log(`pnpm rebuild-sessions over ${int(before.n)} sessions`);
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
  const r = JSON.parse(line) as {
    events: number;
    sessions: number;
    seconds: number;
    events_per_second: number;
  };
  log('fingerprint after; vacuum');
  const after = await fingerprint(databaseUrl);
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  await c.query('vacuum (analyze) sessions');
  await c.end();
  const same = after.n === before.n && after.h === before.h;
  return [
    row(
      'rebuild',
      `pnpm rebuild-sessions: ${int(r.events)} events → ${int(r.sessions)} sessions`,
      `${r.seconds.toFixed(1)} s (${wall.toFixed(1)} s with start-up)`,
    ),
    row('rebuild', 'events/s', int(r.events_per_second), '≥ 20,000', r.events_per_second >= 20_000),
    row(
      'rebuild',
      'projection identical before/after (count + hash of every row)',
      same ? 'yes' : 'NO',
      'yes',
      same,
    ),
  ];
}
