/**
 * A decision the console fetched (the AML-disposition re-fetch, a refresh) and a webhook stamped in the same
 * second: Didit stamps webhooks in whole seconds, the console's fetch in milliseconds. Webhooks go through the
 * real intake (`POST /webhooks/didit`), fetches through `fetchAndApplyDecision` (what the AML disposition
 * route calls), both on real Postgres and one moving clock.
 */
import { randomUUID } from 'node:crypto';
import type { DiditClient } from '@console/didit/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app.ts';
import { createTestDatabase } from '../../test/database.ts';
import { kycDecision, signed, statusEvent, TEST_WEBHOOK_SECRET } from '../../test/webhooks.ts';
import { fixedClock } from '../platform/clock.ts';
import type { Database } from '../platform/db/database.ts';
import { fetchAndApplyDecision } from './fetch-decision.ts';

let database: Database;
let app: ReturnType<typeof createTestApp>;
// Whole second S = 1_790_000_100; the clock moves within it.
const S = 1_790_000_100;
const clock = fixedClock(new Date(S * 1000));
/** What Didit answers to GET …/decision/ right now, per session. */
const atDidit = new Map<string, Record<string, unknown>>();
const didit = {
  getDecision: async (id: string) => {
    const d = atDidit.get(id);
    if (!d) throw new Error(`no decision for ${id}`);
    return structuredClone(d);
  },
} as unknown as DiditClient;

beforeAll(async () => {
  database = await createTestDatabase();
  app = createTestApp(database, { clock, didit, webhookSecret: () => TEST_WEBHOOK_SECRET });
});
afterAll(() => database?.close());

const review = (status: string) => ({
  user: 'API Client',
  new_status: status,
  comment: null,
  created_at: new Date(S * 1000).toISOString(),
});

async function webhook(body: Record<string, unknown>) {
  const d = signed(JSON.stringify(body), { ts: Math.floor(clock.now().getTime() / 1000) });
  const res = await app.request('/webhooks/didit', { method: 'POST', body: d.body, headers: d.headers });
  expect(res.status).toBe(200);
}

const refetch = (sessionId: string) =>
  fetchAndApplyDecision(
    { db: database.db, clock, didit },
    { sessionId, source: 'refresh', eventKey: `review:aml:${sessionId}:${randomUUID()}` },
  );

async function sessionStatus(id: string) {
  const row = await database.db
    .selectFrom('sessions')
    .select(['status'])
    .where('session_id', '=', id)
    .executeTakeFirstOrThrow();
  return row.status;
}

async function applyStateOf(eventId: string) {
  const row = await database.db
    .selectFrom('webhook_events')
    .select('apply_state')
    .where('event_id', '=', eventId)
    .executeTakeFirstOrThrow();
  return row.apply_state;
}

/** A case In Review since S-60, then an AML disposition whose re-fetch lands at S + 0.7 s. */
async function caseRefetchedAt700ms() {
  const sid = randomUUID();
  const inReview = { ...kycDecision({ sessionId: sid, status: 'In Review' }), reviews: [] };
  clock.set(new Date((S - 60) * 1000));
  await webhook(statusEvent({ sessionId: sid, status: 'In Review', ts: S - 60, decision: inReview }));
  atDidit.set(sid, inReview);
  clock.set(new Date(S * 1000 + 700));
  expect((await refetch(sid)).outcome).toBe('applied');
  return { sid, inReview };
}

describe('a fetched decision and a webhook of the same second', () => {
  it.each([
    // A reviewer's decision: one review more than the re-fetch saw.
    ['a reviewer’s decision', 'Approved', 1, 900],
    // Didit decided on its own: no review count tells them apart, the later delivery is the newer truth.
    ['an automatic status', 'Declined', 0, 950],
  ])(
    '%s delivered after the re-fetch, in the same second, is applied',
    async (_what, status, reviews, ms) => {
      const { sid } = await caseRefetchedAt700ms();
      const decision = {
        ...kycDecision({ sessionId: sid, status }),
        reviews: Array.from({ length: reviews }, () => review(status)),
      };
      atDidit.set(sid, decision);
      clock.set(new Date(S * 1000 + ms));
      const eventId = `evt-${sid}-${status}`;
      await webhook(statusEvent({ sessionId: sid, status, ts: S, eventId, decision }));
      expect(await applyStateOf(eventId)).toBe('applied');
      expect(await sessionStatus(sid)).toBe(status);
    },
  );

  it('a re-fetch after a webhook of the same second still wins (it shows Didit as of now)', async () => {
    const sid = randomUUID();
    clock.set(new Date(S * 1000 + 100));
    const declined = { ...kycDecision({ sessionId: sid, status: 'Declined' }), reviews: [] };
    await webhook(statusEvent({ sessionId: sid, status: 'Declined', ts: S, decision: declined }));
    atDidit.set(sid, {
      ...kycDecision({ sessionId: sid, status: 'Approved' }),
      reviews: [review('Approved')],
    });
    clock.set(new Date(S * 1000 + 400));
    expect((await refetch(sid)).outcome).toBe('applied');
    expect(await sessionStatus(sid)).toBe('Approved');
  });

  it('a webhook older than the re-fetch (an earlier second) stays stale, and a redelivery changes nothing', async () => {
    const { sid } = await caseRefetchedAt700ms();
    clock.set(new Date(S * 1000 + 800));
    const eventId = `evt-${sid}-late`;
    const old = { ...kycDecision({ sessionId: sid, status: 'Declined' }), reviews: [] };
    const body = statusEvent({ sessionId: sid, status: 'Declined', ts: S - 1, eventId, decision: old });
    await webhook(body);
    await webhook(body);
    expect(await applyStateOf(eventId)).toBe('stale');
    expect(await sessionStatus(sid)).toBe('In Review');
    const n = await database.db
      .selectFrom('webhook_events')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .where('event_id', '=', eventId)
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
  });

  it('a decision with fewer reviews than the re-fetch, in the same second, does not undo the overturn', async () => {
    // The re-fetch already shows the reviewer's overturn (one review); a delivery of the automatic
    // verdict it overturned (no review) arrives late, stamped in the same second: the overturn stays.
    const sid = randomUUID();
    const declined = { ...kycDecision({ sessionId: sid, status: 'Declined' }), reviews: [] };
    clock.set(new Date((S - 60) * 1000));
    await webhook(statusEvent({ sessionId: sid, status: 'In Review', ts: S - 60 }));
    atDidit.set(sid, {
      ...kycDecision({ sessionId: sid, status: 'Approved' }),
      reviews: [review('Approved')],
    });
    clock.set(new Date(S * 1000 + 700));
    await refetch(sid);
    clock.set(new Date(S * 1000 + 900));
    await webhook(statusEvent({ sessionId: sid, status: 'Declined', ts: S, decision: declined }));
    expect(await sessionStatus(sid)).toBe('Approved');
  });
});
