import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/database.ts';
import { kycDecision, statusEvent } from '../../test/webhooks.ts';
import type { Database } from '../platform/db/database.ts';
import type { ApplyResult } from './apply-event.ts';
import { type EventInput, eventFromWebhook } from './event-input.ts';
import { IntakeBatcher } from './intake-batcher.ts';
import { rebuildSessions } from './rebuild.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const NOW = new Date('2026-11-22T06:00:00Z');
const TS = Math.floor(NOW.getTime() / 1000) - 60;

function input(body: Record<string, unknown>): EventInput {
  const text = JSON.stringify(body);
  return eventFromWebhook({
    raw: Buffer.from(text),
    scheme: 'v2',
    body: JSON.parse(text),
    headerTimestamp: TS,
    receivedAt: NOW,
  });
}

/**
 * Hands the batcher one event and lets its batch start, so the (only) lane is held by its transaction while
 * the caller queues more: batches start once the event loop has handled what already arrived.
 */
async function holdTheLane(batcher: IntakeBatcher): Promise<{ done: Promise<ApplyResult> }> {
  const done = batcher.apply(input(statusEvent({ sessionId: randomUUID(), status: 'In Progress' })), NOW);
  await new Promise((resolve) => setImmediate(resolve));
  return { done };
}

/**
 * One lane over a pool (of `max` connections, as pg reports it) whose first COMMIT is held back: the first
 * event's batch reaches its COMMIT, a second event is handed over, and what was sent meanwhile is counted
 * (within up to 100 round trips of another connection) before the COMMIT is let go.
 */
async function secondBatchWhileFirstCommits(max: number | undefined) {
  const sent: string[] = [];
  let letCommitGo!: () => void;
  const held = new Promise<void>((resolve) => {
    letCommitGo = resolve;
  });
  const pool = {
    options: max === undefined ? {} : { max },
    connect: async () => {
      const client = await database.pool.connect();
      return new Proxy(client, {
        get(target, prop) {
          if (prop === 'query')
            return (q: unknown, ...rest: unknown[]) => {
              sent.push(typeof q === 'string' ? q : 'statement');
              if (q === 'commit' && sent.filter((x) => x === 'commit').length === 1)
                return held.then(() => target.query('commit'));
              return (target.query as (...a: unknown[]) => unknown)(q, ...rest);
            };
          const value = Reflect.get(target, prop, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    },
  } as unknown as pg.Pool;
  const batcher = new IntakeBatcher({ db: database.db, pool }, { lanes: 1 });
  const event = () => input(statusEvent({ sessionId: randomUUID(), status: 'In Progress', ts: TS }));
  const roundTrip = () => database.pool.query('select 1');
  let answered = 0;
  const first = batcher.apply(event(), NOW).then((r) => {
    answered++;
    return r;
  });
  for (let i = 0; i < 100 && !sent.includes('commit'); i++) await roundTrip();
  expect(sent).toEqual(['begin', 'statement', 'commit']);
  const second = batcher.apply(event(), NOW);
  for (let i = 0; i < 100 && sent.length < 6; i++) await roundTrip();
  const beginsWhileHeld = sent.filter((q) => q === 'begin').length;
  const answeredWhileHeld = answered;
  letCommitGo();
  const outcomes = (await Promise.all([first, second])).map((r) => r.outcome);
  return { beginsWhileHeld, answeredWhileHeld, outcomes };
}

/** Per session: In Progress, then its decision five seconds later; some delivered late, some twice. */
function burst(sessions: number): { events: EventInput[]; unique: number } {
  const events: EventInput[] = [];
  let unique = 0;
  for (let i = 0; i < sessions; i++) {
    const sid = randomUUID();
    const status = ['Approved', 'Declined', 'In Review'][i % 3]!;
    const first = input(statusEvent({ sessionId: sid, status: 'In Progress', ts: TS }));
    const second = input(
      statusEvent({
        sessionId: sid,
        status,
        ts: TS + 5,
        vendorData: `user-${i}`,
        decision: kycDecision({ sessionId: sid, status, fullName: `Person ${i}`, sessionNumber: 5000 + i }),
      }),
    );
    unique += 2;
    if (i % 4 === 0)
      events.push(second, first); // the older event arrives last: stale, refolded
    else events.push(first, second);
    if (i % 5 === 0) events.push(second); // Didit's retry of a delivery already stored
  }
  return { events, unique };
}

describe('IntakeBatcher (group commit for the webhook intake)', () => {
  it('stores a concurrent burst in fewer transactions, leaving exactly the fold of the event log', async () => {
    const batcher = new IntakeBatcher(database, { lanes: 2, maxBatch: 16 });
    const { events, unique } = burst(60);
    const results = await Promise.all(events.map((e) => batcher.apply(e, NOW)));

    const outcomes = (o: ApplyResult['outcome']) => results.filter((r) => r.outcome === o).length;
    expect(outcomes('duplicate')).toBe(events.length - unique);
    // 15 older events arrive after their session's newer one. Within a transaction that older event is
    // stale; when the two land in batches running side by side on the two lanes, either may commit first,
    // so the exact count varies run to run (CI once saw 14). What must hold is below: every event is
    // either applied or stale, and the sessions are exactly the fold of the log.
    expect(outcomes('stale')).toBeGreaterThan(0);
    expect(outcomes('applied') + outcomes('stale')).toBe(unique);
    // Batched: the burst shared transactions (a transaction per event would make these equal).
    expect(batcher.stats.events).toBe(events.length);
    expect(batcher.stats.transactions).toBeLessThan(events.length / 3);
    expect(batcher.stats.redone).toBe(0);

    const { rows } = await database.pool.query<{ n: number }>(
      `select count(*)::int as n from webhook_events where session_id = any($1)`,
      [[...new Set(events.map((e) => e.sessionId))]],
    );
    expect(rows[0]!.n).toBe(unique);
    // Every session is what folding its events from scratch gives: the rebuild finds nothing to rewrite.
    const rebuilt = await rebuildSessions(database.db);
    expect(rebuilt.rewritten).toBe(0);
    const approved = await database.db
      .selectFrom('sessions')
      .select(['status', 'full_name', 'vendor_data'])
      .where('session_id', '=', events[0]!.sessionId!)
      .executeTakeFirstOrThrow();
    expect(approved).toEqual({ status: 'Approved', full_name: 'Person 0', vendor_data: 'user-0' });
  });

  it('events handed over in the same turn of the event loop share one transaction, though a lane is free', async () => {
    const batcher = new IntakeBatcher(database, { lanes: 2, maxBatch: 64 });
    const events = Array.from({ length: 10 }, () =>
      input(statusEvent({ sessionId: randomUUID(), status: 'In Progress', ts: TS })),
    );
    // As requests that came in together: each is verified and handed over before the batcher runs again.
    const results = await Promise.all(events.map((e) => batcher.apply(e, NOW)));
    expect(results.map((r) => r.outcome)).toEqual(Array(10).fill('applied'));
    // Before, the first took a free lane alone and the second the other lane: three transactions.
    expect(batcher.stats.transactions).toBe(1);
    expect(batcher.stats.statements).toBe(1);
  });

  it('more than half a batch waiting with both lanes free is shared between them; half a batch or less is not', async (ctx) => {
    // Two transactions at once need two connections: the embedded database has one.
    if (database.embedded) ctx.skip();
    const inProgress = (n: number) =>
      Array.from({ length: n }, () =>
        input(statusEvent({ sessionId: randomUUID(), status: 'In Progress', ts: TS })),
      );
    const split = new IntakeBatcher(database, { lanes: 2, maxBatch: 8 });
    const many = await Promise.all(inProgress(6).map((e) => split.apply(e, NOW)));
    expect(many.map((r) => r.outcome)).toEqual(Array(6).fill('applied'));
    // Before, one transaction took all six and the other lane stayed idle.
    expect(split.stats).toMatchObject({ transactions: 2, events: 6, statements: 2 });
    const whole = new IntakeBatcher(database, { lanes: 2, maxBatch: 8 });
    await Promise.all(inProgress(4).map((e) => whole.apply(e, NOW)));
    expect(whole.stats).toMatchObject({ transactions: 1, events: 4 });
    // One lane: nothing to share with.
    const one = new IntakeBatcher(database, { lanes: 1, maxBatch: 8 });
    await Promise.all(inProgress(6).map((e) => one.apply(e, NOW)));
    expect(one.stats).toMatchObject({ transactions: 1, events: 6 });
  });

  it('a lane takes the next batch once its COMMIT is sent; each caller is answered after its own commit', async (ctx) => {
    // Two transactions at once need two connections: the embedded database has one.
    if (database.embedded) ctx.skip();
    const run = await secondBatchWhileFirstCommits(undefined);
    // The only lane started the second batch while the first one's commit was still unconfirmed (before: it
    // waited for that commit), and the first caller is not answered before its commit is.
    expect(run.beginsWhileHeld).toBe(2);
    expect(run.answeredWhileHeld).toBe(0);
    expect(run.outcomes).toEqual(['applied', 'applied']);
  });

  it('leaves the pool two connections: with a pool of 3 and one lane, the next batch waits for the commit', async (ctx) => {
    if (database.embedded) ctx.skip();
    const run = await secondBatchWhileFirstCommits(3);
    expect(run.beginsWhileHeld).toBe(1);
    expect(run.outcomes).toEqual(['applied', 'applied']);
  });

  it('a batch takes every waiting event of its sessions, so batches side by side never share one', async () => {
    const batcher = new IntakeBatcher(database, { lanes: 2, maxBatch: 2 });
    const [a, b] = [randomUUID(), randomUUID()];
    const events = [
      input(statusEvent({ sessionId: a, status: 'In Progress', ts: TS })),
      input(statusEvent({ sessionId: b, status: 'In Progress', ts: TS })),
      input(statusEvent({ sessionId: a, status: 'In Progress', ts: TS + 5 })),
    ];
    const results = await Promise.all(events.map((e) => batcher.apply(e, NOW)));
    expect(results.map((r) => r.outcome)).toEqual(['applied', 'applied', 'applied']);
    // Before, the third went alone on the other lane, beside the batch holding its session's first event.
    expect(batcher.stats.transactions).toBe(1);
    expect(batcher.stats.redone).toBe(0);
  });

  it('stores a batch of distinct sessions in one statement, a late event among them labelled stale', async () => {
    const batcher = new IntakeBatcher(database, { lanes: 1, maxBatch: 64 });
    const late = randomUUID();
    const decided = (sessionId: string, status: string, ts: number, fullName: string) =>
      input(statusEvent({ sessionId, status, ts, decision: kycDecision({ sessionId, status, fullName }) }));
    const newer = decided(late, 'Approved', TS + 30, 'Late Person');
    expect((await batcher.apply(newer, NOW)).outcome).toBe('applied');
    const batch = [
      ...Array.from({ length: 10 }, (_, i) => decided(randomUUID(), 'Declined', TS, `Batch ${i}`)),
      input(statusEvent({ sessionId: late, status: 'In Progress', ts: TS })),
    ];
    const before = { ...batcher.stats };
    // Hold the only lane so the whole list queues and goes as one batch.
    const blocker = await holdTheLane(batcher);
    const results = await Promise.all(batch.map((e) => batcher.apply(e, NOW)));
    await blocker.done;
    expect(batcher.stats.redone, 'no batch had to be redone one event at a time').toBe(0);
    // The blocker's transaction, then one for the 11, each with one statement for all its events.
    const transactions = batcher.stats.transactions - before.transactions;
    expect(batcher.stats.events - before.events).toBe(12);
    expect(transactions).toBe(2);
    expect(batcher.stats.statements - before.statements, 'one statement per batch').toBe(transactions);
    expect(results.map((r) => r.outcome)).toEqual([...Array(10).fill('applied'), 'stale']);
    const { rows } = await database.pool.query<{ session_id: string; status: string; n: number }>(
      `select s.session_id, s.status, (select count(*)::int from webhook_events e where e.session_id = s.session_id) as n
         from sessions s where s.session_id = any($1) order by s.session_id`,
      [batch.map((e) => e.sessionId)],
    );
    expect(rows).toHaveLength(11);
    expect(rows.find((r) => r.session_id === late)).toMatchObject({ status: 'Approved', n: 2 });
    expect(rows.filter((r) => r.session_id !== late).every((r) => r.status === 'Declined' && r.n === 1)).toBe(
      true,
    );
    expect((await rebuildSessions(database.db)).rewritten).toBe(0);
  });

  it("takes a session's events in one batch in rounds: one statement per round, not one per later event", async () => {
    const batcher = new IntakeBatcher(database, { lanes: 1, maxBatch: 64 });
    const sessions = Array.from({ length: 10 }, () => randomUUID());
    const batch = sessions.flatMap((sid, i) => [
      input(statusEvent({ sessionId: sid, status: 'In Progress', ts: TS })),
      input(
        statusEvent({
          sessionId: sid,
          status: 'Approved',
          ts: TS + 5,
          decision: kycDecision({ sessionId: sid, status: 'Approved', fullName: `Round ${i}` }),
        }),
      ),
    ]);
    // Hold the only lane (a batch of its own, one statement) so the 20 queue and go as one batch.
    const blocker = await holdTheLane(batcher);
    const before = { ...batcher.stats };
    const results = await Promise.all(batch.map((e) => batcher.apply(e, NOW)));
    await blocker.done;
    expect(batcher.stats.transactions - before.transactions).toBe(2);
    // The blocker's statement, then two rounds for the 20 (before: one, then one for each decision).
    expect(batcher.stats.statements - before.statements).toBe(3);
    expect(results.map((r) => r.outcome)).toEqual(Array(20).fill('applied'));
    const { rows } = await database.pool.query<{ status: string; full_name: string; n: number }>(
      `select s.status, s.full_name, (select count(*)::int from webhook_events e where e.session_id = s.session_id) as n
         from sessions s where s.session_id = any($1) order by s.full_name`,
      [sessions],
    );
    expect(rows).toHaveLength(10);
    expect(rows.every((r) => r.status === 'Approved' && r.n === 2 && r.full_name.startsWith('Round '))).toBe(
      true,
    );
    expect((await rebuildSessions(database.db)).rewritten).toBe(0);
  });

  it('a value Postgres refuses fails only its own event: the rest of its batch is stored', async () => {
    const batcher = new IntakeBatcher(database, { lanes: 1, maxBatch: 64 });
    const firsts = Array.from({ length: 8 }, () =>
      input(statusEvent({ sessionId: randomUUID(), status: 'In Progress', ts: TS })),
    );
    // jsonb refuses \u0000; eventFromWebhook replaces it, so this input skips that guard on purpose.
    const poisoned: EventInput = { ...firsts[3]!, payloadJson: '{"bad": "\\u0000"}' };
    const batch = [...firsts.slice(0, 3), poisoned, ...firsts.slice(4)];
    // Hold the only lane so the whole list queues and goes as one batch.
    const blocker = await holdTheLane(batcher);
    const results = await Promise.all(batch.map((e) => batcher.apply(e, NOW)));
    await blocker.done;
    expect(batcher.stats.redone).toBe(1);
    expect(results[3]!.outcome).toBe('failed');
    for (const [i, r] of results.entries()) if (i !== 3) expect(r.outcome).not.toBe('failed');
    const { rows } = await database.pool.query<{ apply_state: string; n: number }>(
      `select apply_state, count(*)::int as n from webhook_events where event_key = any($1) group by 1 order by 1`,
      [batch.map((e) => e.eventKey)],
    );
    expect(rows).toEqual([
      { apply_state: 'applied', n: 7 },
      { apply_state: 'failed', n: 1 },
    ]);
  });
});
