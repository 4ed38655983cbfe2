import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../test/app.ts';
import { createTestDatabase } from '../../../test/database.ts';
import { type Clock, fixedClock, systemClock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { claimJob, enqueueJob, releaseJobs } from './jobs.repository.ts';
import { type JobHandler, JobWorker } from './worker.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const jobs = () => database.db.selectFrom('jobs').selectAll().orderBy('id').execute();
/** A worker on the test clock that polls every 20 ms and runs `handlers`. */
const workerAt = (clock: Clock, handlers: Record<string, JobHandler>) =>
  new JobWorker({ db: database.db, clock, logger: silentLogger(), pollMs: 20, handlers });

describe('the Postgres job queue', () => {
  it('runs every job exactly once with several workers claiming side by side', async () => {
    const now = new Date();
    for (let i = 0; i < 40; i++)
      await enqueueJob(database.db, { kind: 'count', payload: { i }, runAt: now }, now);
    const runs = new Map<number, string[]>();
    const make = (id: string) =>
      new JobWorker({
        db: database.db,
        clock: systemClock,
        logger: silentLogger(),
        workerId: id,
        concurrency: 3,
        pollMs: 20,
        handlers: {
          count: async (job) => {
            const i = Number(job.payload.i);
            runs.set(i, [...(runs.get(i) ?? []), id]);
            await new Promise((r) => setTimeout(r, 5));
            return undefined;
          },
        },
      });
    const workers = [make('w1'), make('w2'), make('w3')];
    for (const w of workers) w.start();
    for (let t = 0; t < 200 && (await jobs()).length > 0; t++) await new Promise((r) => setTimeout(r, 25));
    await Promise.all(workers.map((w) => w.stop()));
    expect(await jobs()).toEqual([]);
    expect([...runs.keys()].sort((a, b) => a - b)).toEqual([...Array(40).keys()]);
    expect([...runs.values()].every((by) => by.length === 1)).toBe(true);
  });

  it('keeps one live job per key, and a failed one does not block the key', async () => {
    const now = new Date();
    expect(await enqueueJob(database.db, { kind: 'k', key: 'single', runAt: now }, now)).toBeDefined();
    expect(await enqueueJob(database.db, { kind: 'k', key: 'single', runAt: now }, now)).toBeUndefined();
    await database.db.updateTable('jobs').set({ state: 'failed' }).where('key', '=', 'single').execute();
    expect(await enqueueJob(database.db, { kind: 'k', key: 'single', runAt: now }, now)).toBeDefined();
    await database.db.deleteFrom('jobs').execute();
  });

  it('hands a dead worker’s job to another after its lease, and a stopping worker releases at once', async () => {
    const clock = fixedClock(new Date());
    await enqueueJob(database.db, { kind: 'lease', runAt: clock.now() }, clock.now());
    const claim = (workerId: string) =>
      claimJob(database.db, { workerId, kinds: ['lease'], leaseMs: 10_000, now: clock.now() });
    const a = await claim('A');
    expect(a).toBeDefined();
    expect(await claim('B')).toBeUndefined();
    clock.advance(10_001);
    const b = await claim('B');
    expect(b?.id).toBe(a!.id);
    expect(b?.attempts).toBe(2);
    expect(await releaseJobs(database.db, 'B')).toBe(1);
    const c = await claim('C');
    expect(c?.id).toBe(a!.id);
    await database.db.deleteFrom('jobs').execute();
  });

  it('ends a job failed when its worker keeps dying: an expired lease is reclaimed only while attempts remain', async () => {
    const clock = fixedClock(new Date());
    await enqueueJob(database.db, { kind: 'crash', runAt: clock.now(), maxAttempts: 2 }, clock.now());
    const claim = (workerId: string) =>
      claimJob(database.db, { workerId, kinds: ['crash'], leaseMs: 1_000, now: clock.now() });
    expect((await claim('A'))?.attempts).toBe(1);
    clock.advance(1_001); // A died mid-run
    expect((await claim('B'))?.attempts).toBe(2);
    clock.advance(1_001); // B died too: no attempt left
    expect(await claim('C')).toBeUndefined();
    expect((await jobs())[0]).toMatchObject({ state: 'failed', attempts: 2, locked_by: null });
    expect((await jobs())[0]!.last_error).toMatch(/lease expired/);
    await database.db.deleteFrom('jobs').execute();
  });

  /** Waits (polling the table, no time limit on the behaviour) until `done` holds for the jobs. */
  async function until(done: (rows: Awaited<ReturnType<typeof jobs>>) => boolean) {
    for (let t = 0; t < 500; t++) {
      if (done(await jobs())) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`jobs never reached the expected state: ${JSON.stringify(await jobs())}`);
  }

  it('retries a failing job after its backoff: failed once, run again, done', async () => {
    const clock = fixedClock(new Date());
    await enqueueJob(database.db, { kind: 'flaky', runAt: clock.now(), maxAttempts: 3 }, clock.now());
    const runs: number[] = [];
    const worker = workerAt(clock, {
      flaky: async (job) => {
        runs.push(job.attempts);
        if (runs.length === 1) throw new Error('upstream said no');
        return undefined;
      },
    });
    worker.start();
    await until((rows) => rows[0]?.last_error === 'upstream said no' && rows[0].state === 'queued');
    expect(runs, 'not run again before its backoff').toHaveLength(1);
    const [failedOnce] = await jobs();
    expect(failedOnce!.run_at.getTime()).toBeGreaterThan(clock.now().getTime());
    clock.set(failedOnce!.run_at);
    worker.poke();
    await until((rows) => rows.length === 0);
    await worker.stop();
    // Run twice, and the second run completed it (a done job leaves the queue).
    expect(runs).toHaveLength(2);
    expect(await jobs()).toEqual([]);
  });

  it('marks a job failed when its attempts are spent, after running it that many times', async () => {
    const clock = fixedClock(new Date());
    await enqueueJob(database.db, { kind: 'boom', runAt: clock.now(), maxAttempts: 2 }, clock.now());
    let runs = 0;
    const worker = workerAt(clock, {
      boom: async () => {
        runs++;
        throw new Error('upstream said no');
      },
    });
    worker.start();
    await until((rows) => rows[0]?.last_error === 'upstream said no');
    const [first] = await jobs();
    if (first!.state === 'queued') {
      clock.set(first!.run_at);
      worker.poke();
    }
    await until((rows) => rows[0]?.state === 'failed');
    await worker.stop();
    expect(runs).toBe(2);
    expect((await jobs())[0]).toMatchObject({ state: 'failed', last_error: 'upstream said no', attempts: 2 });
    await database.db.deleteFrom('jobs').execute();
  });
});
