import { pathToFileURL } from 'node:url';
import { systemClock } from '../../api/src/clock.ts';
import { DiditClient } from '../../api/src/didit/client.ts';
import { rateLimiterFor } from '../../api/src/didit/rate-limiter.ts';
import { enqueueJob } from '../../api/src/jobs/jobs.repository.ts';
import { JobWorker } from '../../api/src/jobs/worker.ts';
import { createLogger } from '../../api/src/logger.ts';
import { createSandbox } from '../../api/src/sandbox/sandbox.ts';
import { insertBackfillRun } from '../../api/src/sync/backfill.repository.ts';
import { BACKFILL_JOB, backfillJobHandler } from '../../api/src/sync/backfill.service.ts';
import { createMigratedDatabase, dropDatabase, openDatabase } from './support/pg.ts';
import { int, type Row, row } from './support/report.ts';

/**
 * Part 4: the backfill against the sandbox limited like Didit (600 GET/min per key, sliding 60 s), through
 * the real job worker, client and shared limiter, for BENCH_BACKFILL_SECONDS (default 120). Prints
 * decisions per minute, the share of the GET budget used, and how many 429s the sandbox answered.
 */
const log = (s: string) => process.stderr.write(`[backfill] ${s}\n`);
const GET_BUDGET_PER_MIN = 600;

export async function benchBackfill(): Promise<Row[]> {
  const seconds = Number(process.env.BENCH_BACKFILL_SECONDS ?? 120);
  const name = `bench_backfill_${process.pid}`;
  const url = await createMigratedDatabase(name);
  const database = await openDatabase(url, 10);
  const sandbox = createSandbox({ seed: 8, rateLimits: { get: GET_BUDGET_PER_MIN, write: 300 } });
  const listening = await sandbox.listen(0, '127.0.0.1');
  try {
    // More sessions than the run can fetch, so the budget, not the data, is the limit.
    const sessions = Math.ceil((seconds / 60) * GET_BUDGET_PER_MIN * 1.3);
    log(`seeding ${int(sessions)} sandbox sessions`);
    await sandbox.seedSessions({ application: 'console', count: sessions, kind: 'mixed', deliver: false });
    const app = sandbox.applications.find((a) => a.name === 'console')!;
    let gets = 0;
    let status429 = 0;
    const didit = new DiditClient({
      baseUrl: listening.baseUrl,
      apiKey: app.api_key,
      limiter: rateLimiterFor(app.api_key, new Map()),
      onCall: (e) => {
        if (e.method === 'GET') gets++;
        if (e.status === 429) status429++;
      },
    });
    const clock = systemClock;
    const now = clock.now();
    const runId = (await insertBackfillRun(database.db, { now, startedBy: null }))!;
    await enqueueJob(
      database.db,
      { kind: BACKFILL_JOB, key: `backfill:${runId}`, payload: { run_id: runId }, runAt: now },
      now,
    );
    const worker = new JobWorker({
      db: database.db,
      clock,
      logger: createLogger('silent'),
      handlers: { [BACKFILL_JOB]: backfillJobHandler({ db: database.db, clock, didit }) },
      pollMs: 100,
    });
    log(`running for ${seconds} s at ${GET_BUDGET_PER_MIN} GET/min`);
    const t0 = performance.now();
    worker.start();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const elapsedMin = (performance.now() - t0) / 60_000;
    await worker.stop(30_000);
    const counted = await database.db
      .selectFrom('webhook_events')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('source', '=', 'backfill')
      .executeTakeFirstOrThrow();
    const decisions = Number(counted.n);
    const run = await database.db
      .selectFrom('backfill_runs')
      .selectAll()
      .where('id', '=', runId)
      .executeTakeFirstOrThrow();
    const decisionsPerMin = decisions / elapsedMin;
    const getsPerMin = gets / elapsedMin;
    const budgetShare = getsPerMin / GET_BUDGET_PER_MIN;
    log(
      `${int(decisions)} decisions, ${int(gets)} GETs, ${status429} × 429, progress rate ${run.rate_per_min?.toFixed(1)}/min`,
    );
    return [
      row('backfill', 'decisions fetched and applied per minute', `${decisionsPerMin.toFixed(1)} /min`),
      row(
        'backfill',
        'GET budget used (lists + decisions)',
        `${(budgetShare * 100).toFixed(1)} %`,
        '≥ 95 %',
        budgetShare >= 0.95,
      ),
      row('backfill', '429 answers from the sandbox', String(status429), '0', status429 === 0),
      row('backfill', 'run length', `${(elapsedMin * 60).toFixed(0)} s`),
    ];
  } finally {
    await listening.close();
    await sandbox.close();
    await database.close();
    await dropDatabase(name);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await benchBackfill();
  for (const r of rows) console.log(`${r.metric.padEnd(45)} ${r.value.padStart(12)}  ${r.target}`);
}
