import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase } from '../../../test/database.ts';
import { systemClock } from '../clock.ts';
import { claimJob, enqueueJob } from '../jobs/jobs.repository.ts';
import type { Database } from './database.ts';
import { DatabaseClock } from './database-clock.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());
afterEach(() => {
  vi.useRealTimers();
});

const dbNow = async () =>
  (
    await sql<{ ms: number }>`select (extract(epoch from clock_timestamp()) * 1000)::float8 as ms`.execute(
      database.db,
    )
  ).rows[0]!.ms;

/** This host's wall clock an hour fast (NTP broken on one replica); the monotonic clock is untouched. */
const skewHost = (ms: number) => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() + ms);
};

describe('DatabaseClock', () => {
  it("reads the database's time, whatever this host's clock says", async () => {
    skewHost(3_600_000);
    const clock = await new DatabaseClock(database.db).start();
    try {
      const before = await dbNow();
      const t = clock.now().getTime();
      const after = await dbNow();
      expect(t).toBeGreaterThanOrEqual(before - 50);
      expect(t).toBeLessThanOrEqual(after + 50);
      expect(Math.abs(systemClock.now().getTime() - t)).toBeGreaterThan(3_500_000);
    } finally {
      clock.stop();
    }
  });

  it('a replica whose host clock runs an hour fast does not take over a job whose lease is live', async () => {
    const honest = await new DatabaseClock(database.db).start();
    await enqueueJob(database.db, { kind: 'skew', runAt: honest.now() }, honest.now());
    const a = await claimJob(database.db, {
      workerId: 'A',
      kinds: ['skew'],
      leaseMs: 30_000,
      now: honest.now(),
    });
    expect(a).toBeDefined();
    skewHost(3_600_000);
    const fast = await new DatabaseClock(database.db).start();
    try {
      expect(
        await claimJob(database.db, { workerId: 'B', kinds: ['skew'], leaseMs: 30_000, now: fast.now() }),
      ).toBeUndefined();
      // The process clock would have run it twice:
      expect(Math.abs(systemClock.now().getTime() - fast.now().getTime())).toBeGreaterThan(3_500_000);
    } finally {
      honest.stop();
      fast.stop();
    }
    const row = await database.db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ locked_by: 'A', attempts: 1 });
  });

  it('never runs backwards', async () => {
    const clock = await new DatabaseClock(database.db).start();
    let last = 0;
    for (let i = 0; i < 200; i++) {
      const t = clock.now().getTime();
      expect(t).toBeGreaterThanOrEqual(last);
      last = t;
    }
    clock.stop();
  });
});
