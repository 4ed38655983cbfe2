import { DiditClient } from '@console/didit/client';
import { createSandbox, type Sandbox } from '@console/sandbox/sandbox';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase } from '../../test/database.ts';
import { createDatabase, type Database } from '../platform/db/database.ts';
import { PostgresRateLimiter, RateWaitExceeded } from './postgres-rate-limiter.ts';

// Two "processes": two connection pools on one database, each with its own limiter and client, against a
// sandbox whose budget is 6 GETs and 3 writes per second (test scale; Didit's is 600 and 300 per minute).
const LIMITS = { getPerMinute: 6, writePerMinute: 3, windowMs: 1_000 };
const serverOnly = process.env.DATABASE_URL ? describe : describe.skip;

serverOnly('one Didit budget per API key across processes (PostgresRateLimiter)', () => {
  let database: Database;
  let second: Database;
  let sandbox: Sandbox;
  let baseUrl: string;
  let close: () => Promise<void>;
  let apiKey: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    second = await createDatabase({ url: database.connectionString, poolSize: 4 });
    sandbox = createSandbox({ rateLimits: { get: 6, write: 3, windowMs: 1_000 } });
    const l = await sandbox.listen(0, '127.0.0.1');
    baseUrl = l.baseUrl;
    close = l.close;
    apiKey = sandbox.applications.find((a) => a.name === 'console')!.api_key;
  });
  afterAll(async () => {
    await close();
    await sandbox.close();
    await second.close();
    await database.close();
  });

  const clientOn = (db: Database, statuses: number[]) =>
    new DiditClient({
      baseUrl,
      apiKey,
      maxGetRetries: 0,
      limiter: new PostgresRateLimiter({ db: db.db, apiKey, ...LIMITS, marginMs: 500 }),
      onCall: (e) => statuses.push(typeof e.status === 'number' ? e.status : 0),
    });

  it('two processes together never exceed the budget: Didit never answers 429', async () => {
    const statuses: number[] = [];
    const a = clientOn(database, statuses);
    const b = clientOn(second, statuses);
    const before = sandbox.rateLimitLog()!;
    // 2 × 9 GETs and 2 × 4 writes (a webhook destination each), all at once: three windows' worth of each.
    await Promise.all([
      ...[a, b].flatMap((c) => Array.from({ length: 9 }, () => c.listSessions({ limit: 1 }))),
      ...[a, b].flatMap((c, i) =>
        Array.from({ length: 4 }, (_, j) =>
          c.createWebhookDestination({
            label: `t${i}-${j}`,
            url: `http://127.0.0.1:9/hook-${i}-${j}`,
            webhook_version: 'v3',
            subscribed_events: ['status.updated'],
          }),
        ),
      ),
    ]);
    const log = sandbox.rateLimitLog()!;
    expect(statuses.filter((s) => s === 429)).toEqual([]);
    expect(statuses.length).toBe(26);
    expect(log.throttled).toEqual(before.throttled);
    expect(log.served.get - before.served.get).toBe(18);
    expect(log.maxInWindow.get).toBeLessThanOrEqual(6);
    expect(log.maxInWindow.write).toBeLessThanOrEqual(3);
  });

  it('a pause one process records after a 429 holds the other process too', async () => {
    const slept: number[] = [];
    const a = new PostgresRateLimiter({ db: database.db, apiKey: 'pause-key', ...LIMITS });
    const b = new PostgresRateLimiter({
      db: second.db,
      apiKey: 'pause-key',
      ...LIMITS,
      maxPollMs: 60_000,
      // Instead of sleeping: note how long B was told to wait, then lift the pause so the test moves on.
      sleep: async (ms) => {
        slept.push(ms);
        await sql`delete from didit_rate_pauses`.execute(database.db);
      },
    });
    a.pauseFor(5_000);
    await vi.waitFor(async () => {
      const { rows } = await sql`select 1 from didit_rate_pauses where key <> ''`.execute(database.db);
      expect(rows.length).toBe(1);
    });
    await b.acquire('get');
    expect(slept.length).toBe(1);
    expect(slept[0]).toBeGreaterThan(3_500);
    expect(slept[0]).toBeLessThan(5_100);
  });

  it("bounds a write's wait: when another process has spent the budget, it fails at once, unsent, instead of hanging", async () => {
    const opts = { apiKey: 'bounded-key', getPerMinute: 5, writePerMinute: 1, windowMs: 60_000 };
    const other = new PostgresRateLimiter({ db: second.db, ...opts });
    const mine = new PostgresRateLimiter({ db: database.db, ...opts });
    await other.acquire('write');
    const err = await mine.acquire('write', { maxWaitMs: 2_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateWaitExceeded);
    expect((err as RateWaitExceeded).retryAfterMs).toBeGreaterThan(50_000);
    // A GET has its own scope and is not held up.
    expect(await mine.acquire('get', { maxWaitMs: 2_000 })).toBeLessThan(2_000);
  });
});
