import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createSandbox } from '@console/sandbox/sandbox';
import { benchConsole, buildWeb, type ColdStart } from './console-app.ts';
import { benchDashboard } from './dashboard.ts';
import { benchIntake } from './intake.ts';
import { benchQueue } from './queue.ts';
import { benchRebuild } from './rebuild.ts';
import { ensureSeeded, SEED_DB } from './seed.ts';
import { coldness, dropDatabase, makePostgresCold, postgresVersion } from './support/pg.ts';
import { formatMachine, formatTable, machine, type Row, row } from './support/report.ts';
import { createReviewer, loginCookie, startBenchConsole } from './support/server.ts';

/**
 * `pnpm bench [intake|queue|dashboard|rebuild|backfill|console …]`: runs the parts (all by default) against the
 * PostgreSQL server in BENCH_DATABASE_URL / DATABASE_URL (default: the local dev server), in databases of
 * its own, and prints one table. BENCH_KEEP=1 keeps the million-session database for the next run.
 * Figures only: nothing here fails on a slow result.
 */
const PARTS = ['intake', 'queue', 'dashboard', 'rebuild', 'backfill', 'console'] as const;
type Part = (typeof PARTS)[number];

const args = process.argv.slice(2).filter((a) => a !== '--');
const unknown = args.filter((a) => !(PARTS as readonly string[]).includes(a));
if (unknown.length) {
  console.error(`unknown part(s) ${unknown.join(', ')}; expected any of ${PARTS.join(', ')}`);
  process.exit(2);
}
const parts = new Set<Part>(args.length ? (args as Part[]) : PARTS);
const keep = process.env.BENCH_KEEP === '1';

async function backfillRows(): Promise<Row[]> {
  const file = path.join(import.meta.dirname, 'backfill.ts');
  if (!fs.existsSync(file))
    return [row('backfill', 'test/bench/backfill.ts', 'not in the tree yet (decision-sync work)', '', null)];
  const mod = (await import(pathToFileURL(file).href)) as { benchBackfill?: () => Promise<Row[]> };
  if (typeof mod.benchBackfill !== 'function') {
    return [
      row(
        'backfill',
        'test/bench/backfill.ts',
        'exports no benchBackfill(); run it alone: tsx test/bench/backfill.ts',
        '',
        null,
      ),
    ];
  }
  return mod.benchBackfill();
}

async function main() {
  const m = machine(await postgresVersion());
  const rows: Row[] = [];
  const guard = async (part: string, fn: () => Promise<Row[]>) => {
    try {
      rows.push(...(await fn()));
    } catch (err) {
      console.error(err);
      rows.push(row(part, 'failed to run', (err as Error).message.split('\n')[0]!.slice(0, 120), '', false));
    }
    // The parts done so far, on disk: a later part that ends the process does not take them along.
    if (process.env.BENCH_OUT)
      fs.writeFileSync(
        `${process.env.BENCH_OUT}.partial`,
        `${formatMachine(m, 'run not finished')}\n\n${formatTable(rows)}\n`,
      );
  };

  if (parts.has('intake')) await guard('intake', benchIntake);

  let seeded: Awaited<ReturnType<typeof ensureSeeded>> | undefined;
  if (parts.has('queue') || parts.has('dashboard') || parts.has('console') || parts.has('rebuild')) {
    await guard('seed', async () => {
      seeded = await ensureSeeded();
      return seeded.rows;
    });
  }
  if (seeded && (parts.has('queue') || parts.has('dashboard') || parts.has('console'))) {
    const s = seeded;
    if (parts.has('console')) {
      await guard('console', async () => {
        buildWeb();
        return [];
      });
    }
    // Didit is the sandbox (it does not know the seeded sessions: media and refresh answer 404 at once, as
    // Didit would for an unknown id) rather than a closed port the client would retry against.
    const sandbox = createSandbox({ seed: 8 });
    const didit = await sandbox.listen(0, '127.0.0.1');
    const app = sandbox.applications.find((a) => a.name === 'console')!;
    const env = { DIDIT_API_BASE_URL: didit.baseUrl, DIDIT_API_KEY: app.api_key };
    let server = await startBenchConsole(s.url, env);
    // A cold start: a new console process, and Postgres restarted / page cache dropped when configured.
    const cold: ColdStart = {
      describe: `console restarted, ${coldness()}`,
      async restart() {
        await server.stop();
        await makePostgresCold();
        server = await startBenchConsole(s.url, env);
        return server.url;
      },
    };
    try {
      const creds = await createReviewer(s.url);
      if (parts.has('queue'))
        await guard('queue', async () =>
          benchQueue(server.url, await loginCookie(server, creds), s.url, s.sessions, cold),
        );
      if (parts.has('dashboard'))
        await guard('dashboard', async () =>
          benchDashboard(server.url, await loginCookie(server, creds), s.url, s.sessions),
        );
      if (parts.has('console')) await guard('console', () => benchConsole(server.url, creds, s.url, cold));
    } finally {
      await server.stop();
      await didit.close();
      await sandbox.close();
    }
  }
  if (seeded && parts.has('rebuild')) {
    const s = seeded;
    await guard('rebuild', () => benchRebuild(s.url));
  }
  if (parts.has('backfill')) await guard('backfill', backfillRows);

  if (seeded && !keep) {
    await dropDatabase(SEED_DB);
    rows.push(row('seed', `${SEED_DB} dropped (BENCH_KEEP=1 keeps it)`, ''));
  }
  const loadEnd = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  const text = `${formatMachine(m, loadEnd)}\n\n${formatTable(rows)}\n`;
  console.log(`\n${text}`);
  if (process.env.BENCH_OUT) fs.writeFileSync(process.env.BENCH_OUT, text);
}

await main();
