/**
 * The dashboard's open-by-status counter (issue 12, a million sessions): the count deltas the triggers on
 * `sessions` append, summed, equal `count(*) … group by status_key, session_kind` after any inserts, updates
 * and deletes — in transactions that interleave, commit or roll back — with rollups in between, after a
 * TRUNCATE, and after `pnpm rebuild-sessions` refolds the table in place or refills it from empty.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import type { PoolClient } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/database.ts';
import { kycDecision } from '../../test/webhooks.ts';
import type { Database } from '../platform/db/database.ts';
import { applyEvent } from '../sessions/apply-event.ts';
import { eventFromDecision } from '../sessions/event-input.ts';
import { rebuildSessions } from '../sessions/rebuild.ts';
import {
  countOpenByStatus,
  foldStatusCounts,
  OPEN_STATUS_KEYS,
  rollUpStatusCounts,
} from './dashboard.repository.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

type Counts = Record<string, number>;
const key = (status: string | null, kind: string) => `${status ?? '∅'}/${kind}`;

async function actual(): Promise<Counts> {
  const { rows } = await sql<{ status_key: string | null; session_kind: string; n: string }>`
    select status_key, session_kind, count(*) as n from sessions group by 1, 2`.execute(database.db);
  return Object.fromEntries(rows.map((r) => [key(r.status_key, r.session_kind), Number(r.n)]));
}
async function counted(): Promise<Counts> {
  const { rows } = await sql<{ status_key: string | null; session_kind: string; n: string }>`
    select status_key, session_kind, sum(n) as n from session_status_counts group by 1, 2
    having sum(n) <> 0`.execute(database.db);
  return Object.fromEntries(rows.map((r) => [key(r.status_key, r.session_kind), Number(r.n)]));
}
async function expectExact() {
  const want = await actual();
  expect(await counted()).toEqual(want);
  // What the dashboard reads: the open statuses only.
  const open = await countOpenByStatus(database.db);
  const openWant = Object.fromEntries(
    Object.entries(want).filter(([k]) => (OPEN_STATUS_KEYS as readonly string[]).includes(k.split('/')[0]!)),
  );
  expect(Object.fromEntries(open.map((r) => [key(r.status_key, r.session_kind), Number(r.n)]))).toEqual(
    openWant,
  );
}

const STATUSES = ['In Review', 'IN_REVIEW', 'In Progress', 'Approved', 'Not Started', null] as const;
type Op =
  | { op: 'insert'; status: (typeof STATUSES)[number]; kind: 'user' | 'business' }
  | { op: 'status'; pick: number; status: (typeof STATUSES)[number] }
  | { op: 'kind'; pick: number; kind: 'user' | 'business' }
  | { op: 'touch'; pick: number }
  | { op: 'delete'; pick: number };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant('insert' as const),
    status: fc.constantFrom(...STATUSES),
    kind: fc.constantFrom('user' as const, 'business' as const),
  }),
  fc.record({ op: fc.constant('status' as const), pick: fc.nat(), status: fc.constantFrom(...STATUSES) }),
  fc.record({
    op: fc.constant('kind' as const),
    pick: fc.nat(),
    kind: fc.constantFrom('user' as const, 'business' as const),
  }),
  fc.record({ op: fc.constant('touch' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }),
);

/** One operation on `client`, on a row picked among those it can see. */
async function run(client: PoolClient, o: Op) {
  if (o.op === 'insert') {
    await client.query(
      `insert into sessions (session_id, session_kind, status, last_event_at, last_event_tiebreak, created_at,
         updated_at) values ($1, $2, $3, now(), '', now(), now())`,
      [randomUUID(), o.kind, o.status],
    );
    return;
  }
  const { rows } = await client.query<{ session_id: string }>('select session_id from sessions order by 1');
  const id = rows[o.pick % Math.max(rows.length, 1)]?.session_id;
  if (!id) return;
  // Another transaction may hold the row: skip it rather than wait for a commit that waits on us.
  await client.query(`set local lock_timeout = '50ms'`);
  const q =
    o.op === 'status'
      ? ['update sessions set status = $2 where session_id = $1', [id, o.status]]
      : o.op === 'kind'
        ? ['update sessions set session_kind = $2 where session_id = $1', [id, o.kind]]
        : o.op === 'touch'
          ? ['update sessions set updated_at = now() where session_id = $1', [id]]
          : ['delete from sessions where session_id = $1', [id]];
  await client.query('savepoint op');
  try {
    await client.query(q[0] as string, q[1] as unknown[]);
    await client.query('release savepoint op');
  } catch (err) {
    if ((err as { code?: string }).code !== '55P03') throw err;
    await client.query('rollback to savepoint op');
  }
}

describe('open cases by status: an exact counter', () => {
  it('equals count(*) by status and kind after interleaved transactions, rollbacks and rollups', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            a: fc.array(opArb, { maxLength: 5 }),
            b: fc.array(opArb, { maxLength: 5 }),
            aCommits: fc.boolean(),
            bCommits: fc.boolean(),
            rollupBetween: fc.boolean(),
          }),
          { minLength: 1, maxLength: 5 },
        ),
        async (rounds) => {
          const [a, b] = [await database.pool.connect(), await database.pool.connect()];
          try {
            for (const r of rounds) {
              await a.query('begin');
              await b.query('begin');
              // Interleaved: a's and b's operations alternate inside their open transactions.
              for (let i = 0; i < Math.max(r.a.length, r.b.length); i++) {
                if (r.a[i]) await run(a, r.a[i]!);
                if (r.b[i]) await run(b, r.b[i]!);
              }
              // A rollup while both are open sees neither's deltas and must not lose them.
              if (r.rollupBetween) await rollUpStatusCounts(database.db);
              await a.query(r.aCommits ? 'commit' : 'rollback');
              await b.query(r.bCommits ? 'commit' : 'rollback');
              await expectExact();
            }
            await rollUpStatusCounts(database.db);
            await expectExact();
          } finally {
            a.release();
            b.release();
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it('a rollup leaves one row per status and kind, and appends nothing for an update that changes neither', async () => {
    await rollUpStatusCounts(database.db);
    const pairs = Object.keys(await counted()).length;
    const rows = async () =>
      Number(
        (await sql<{ n: string }>`select count(*) as n from session_status_counts`.execute(database.db))
          .rows[0]!.n,
      );
    expect(await rows()).toBe(pairs);
    await sql`update sessions set updated_at = now()`.execute(database.db);
    expect(await rows()).toBe(pairs);
  });

  it("the job's fold vacuums after a large rollup, so the counts do not read a refold's dead rows", async () => {
    const size = async () =>
      Number(
        (
          await sql<{ bytes: string }>`select pg_relation_size('session_status_counts') as bytes`.execute(
            database.db,
          )
        ).rows[0]!.bytes,
      );
    const before = await counted();
    // A refold's worth of deltas: 20,000 rows that sum to nothing.
    await sql`insert into session_status_counts (status_key, session_kind, n)
      select 'IN_REVIEW', 'user', case when i % 2 = 0 then 1 else -1 end from generate_series(1, 20000) i`.execute(
      database.db,
    );
    const bloated = await size();
    expect(await foldStatusCounts(database.db)).toEqual({ folded: expect.any(Number), vacuumed: true });
    expect(await size()).toBeLessThan(bloated / 10);
    expect(await counted()).toEqual(before);
    // A small rollup leaves its few dead rows to autovacuum.
    await sql`insert into session_status_counts (status_key, session_kind, n) values ('IN_REVIEW', 'user', 1), ('IN_REVIEW', 'user', -1)`.execute(
      database.db,
    );
    expect(await foldStatusCounts(database.db)).toMatchObject({ vacuumed: false });
    await expectExact();
  });

  it('is emptied with a TRUNCATE of sessions', async () => {
    await sql`truncate sessions`.execute(database.db);
    expect(await counted()).toEqual({});
    await expectExact();
  });

  it('stays exact through pnpm rebuild-sessions: in place, and from an emptied table (the bulk path)', async () => {
    const at = new Date('2026-11-22T00:00:00Z');
    for (let i = 0; i < 30; i++) {
      const sessionId = randomUUID();
      const decision = {
        ...kycDecision({
          sessionId,
          status: ['In Review', 'Approved', 'In Progress'][i % 3]!,
          sessionNumber: i,
        }),
        session_kind: i % 4 === 0 ? 'business' : 'user',
      };
      await applyEvent(
        database.db,
        eventFromDecision({
          source: 'backfill',
          sessionId,
          decision,
          fetchedAt: at,
          eventKey: `count:${sessionId}`,
        }),
        at,
      );
    }
    await expectExact();
    // Rows damaged behind the fold's back (the triggers count that too), then repaired in place.
    await sql`update sessions set status = 'Declined' where session_number < 5`.execute(database.db);
    await expectExact();
    expect((await rebuildSessions(database.db)).rewritten).toBeGreaterThan(0);
    await expectExact();
    // Emptied, then refilled with its indexes dropped and built again.
    await sql`delete from sessions`.execute(database.db);
    const refilled = await rebuildSessions(database.db, { batchSessions: 7, concurrency: 2 });
    expect(refilled.fromEmpty).toBe(true);
    await expectExact();
    expect((await counted())[key('IN_REVIEW', 'user')]).toBeGreaterThan(0);
  });
});
