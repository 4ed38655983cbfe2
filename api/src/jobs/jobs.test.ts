import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, systemClock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { silentLogger } from '../test-support/app.ts';
import { createTestDatabase } from '../test-support/database.ts';
import { claimJob, enqueueJob, releaseJobs } from './jobs.repository.ts';
import { JobWorker } from './worker.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const jobs = () => database.db.selectFrom('jobs').selectAll().orderBy('id').execute();

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
    const a = await claimJob(database.db, {
      workerId: 'A',
      kinds: ['lease'],
      leaseMs: 10_000,
      now: clock.now(),
    });
    expect(a).toBeDefined();
    expect(
      await claimJob(database.db, { workerId: 'B', kinds: ['lease'], leaseMs: 10_000, now: clock.now() }),
    ).toBeUndefined();
    clock.advance(10_001);
    const b = await claimJob(database.db, {
      workerId: 'B',
      kinds: ['lease'],
      leaseMs: 10_000,
      now: clock.now(),
    });
    expect(b?.id).toBe(a!.id);
    expect(b?.attempts).toBe(2);
    expect(await releaseJobs(database.db, 'B')).toBe(1);
    const c = await claimJob(database.db, {
      workerId: 'C',
      kinds: ['lease'],
      leaseMs: 10_000,
      now: clock.now(),
    });
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

  it('retries a failing job later and marks it failed when its attempts are spent', async () => {
    const now = new Date();
    await enqueueJob(database.db, { kind: 'boom', runAt: now, maxAttempts: 1 }, now);
    const worker = new JobWorker({
      db: database.db,
      clock: systemClock,
      logger: silentLogger(),
      pollMs: 20,
      handlers: {
        boom: async () => {
          throw new Error('upstream said no');
        },
      },
    });
    worker.start();
    for (let t = 0; t < 100 && (await jobs())[0]?.state !== 'failed'; t++)
      await new Promise((r) => setTimeout(r, 20));
    await worker.stop();
    expect((await jobs())[0]).toMatchObject({ state: 'failed', last_error: 'upstream said no', attempts: 1 });
  });
});
