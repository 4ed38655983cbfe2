import { pathToFileURL } from 'node:url';
import { DiditClient } from '@console/didit/client';
import { rateLimiterFor } from '@console/didit/rate-limiter';
import { createSandbox } from '@console/sandbox/sandbox';
import { BACKFILL_JOB, backfillJobHandler } from 'api/backfill';
import { insertBackfillRun } from 'api/backfill-runs';
import { systemClock } from 'api/clock';
import { enqueueJob, JobWorker } from 'api/jobs';
import { createLogger } from 'api/logger';
import { createMigratedDatabase, dropDatabase, openDatabase } from './support/pg.ts';
import { int, type Row, row } from './support/report.ts';

/**
 * Part 4: the backfill against the sandbox limited like Didit (600 GET/min per key, sliding 60 s), through
 * the real job worker, client and shared limiter, for BENCH_BACKFILL_SECONDS (default 120, rounded up to
 * whole minutes). Requests and decisions are counted over one interval, [start, start + whole minutes): the
 * window holds that many disjoint 60 s windows, each allowed 600 GETs, so the share of the budget is at most
 * 100 % by construction and anything counted outside it (the worker's stop) is left out. Prints decisions
 * per minute, the share of the GET budget used, the most GETs seen in any sliding 60 s, and the 429s.
 */
const log = (s: string) => process.stderr.write(`[backfill] ${s}\n`);
const GET_BUDGET_PER_MIN = 600;

export async function benchBackfill(): Promise<Row[]> {
  const minutes = Math.max(1, Math.ceil(Number(process.env.BENCH_BACKFILL_SECONDS ?? 120) / 60));
  const seconds = minutes * 60;
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
    const getTimes: number[] = [];
    let status429 = 0;
    const didit = new DiditClient({
      baseUrl: listening.baseUrl,
      apiKey: app.api_key,
      limiter: rateLimiterFor(app.api_key, new Map()),
      onCall: (e) => {
        // When the request left (the event comes with the answer, `ms` later).
        if (e.method === 'GET') getTimes.push(Date.now() - e.ms);
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
    const from = Date.now();
    const to = from + seconds * 1000;
    worker.start();
    await new Promise((r) => setTimeout(r, to - Date.now()));
    await worker.stop(30_000);
    const inWindow = (t: number) => t >= from && t < to;
    const gets = getTimes.filter(inWindow).length;
    const counted = await database.db
      .selectFrom('webhook_events')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('source', '=', 'backfill')
      .where('received_at', '>=', new Date(from))
      .where('received_at', '<', new Date(to))
      .executeTakeFirstOrThrow();
    const decisions = Number(counted.n);
    const elapsedMin = minutes;
    let peak = 0;
    getTimes.sort((a, b) => a - b);
    for (let i = 0, j = 0; i < getTimes.length; i++) {
      while (getTimes[i]! - getTimes[j]! >= 60_000) j++;
      peak = Math.max(peak, i - j + 1);
    }
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
        `GET budget used (lists + decisions): ${int(gets)} GETs in the same ${seconds} s`,
        `${(budgetShare * 100).toFixed(1)} %`,
        '≥ 95 %',
        budgetShare >= 0.95,
      ),
      row(
        'backfill',
        'most GETs in any sliding 60 s',
        int(peak),
        `≤ ${GET_BUDGET_PER_MIN}`,
        peak <= GET_BUDGET_PER_MIN,
      ),
      row('backfill', '429 answers from the sandbox', String(status429), '0', status429 === 0),
      row('backfill', 'interval counted (requests and decisions alike)', `${seconds} s`),
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
