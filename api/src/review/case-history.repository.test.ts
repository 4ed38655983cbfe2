/**
 * The case history reads Didit's decisions from the event log, including the payloads the intake keeps only
 * as the raw body's text (`storedPayload`).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/database.ts';
import { kycDecision, statusEvent } from '../../test/webhooks.ts';
import type { Database } from '../platform/db/database.ts';
import { applyEvent } from '../sessions/apply-event.ts';
import { eventFromWebhook, payloadIsRawText } from '../sessions/event-input.ts';
import { getCaseHistory } from './case-history.repository.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const NOW = new Date('2026-11-22T06:00:00Z');
const TS = Math.floor(NOW.getTime() / 1000) - 60;

/** A signed delivery as the intake stores it: the payload is the raw body's text. */
async function deliver(hit: 'Unreviewed' | 'Confirmed Match'): Promise<string> {
  const sid = randomUUID();
  const text = JSON.stringify(
    statusEvent({
      sessionId: sid,
      status: 'In Review',
      ts: TS,
      extra: { event_id: randomUUID() },
      decision: kycDecision({ sessionId: sid, status: 'In Review', fullName: 'Hit Person', hits: [hit] }),
    }),
  );
  const event = eventFromWebhook({
    raw: Buffer.from(text),
    scheme: 'v2',
    body: JSON.parse(text),
    text,
    headerTimestamp: TS,
    receivedAt: NOW,
  });
  expect(payloadIsRawText(event)).toBe(true);
  await applyEvent(database.db, event, NOW);
  return sid;
}

describe('case history', () => {
  it('finds a match Didit confirmed in a delivery whose payload is kept as its raw body', async () => {
    const confirmed = await deliver('Confirmed Match');
    const unreviewed = await deliver('Unreviewed');
    expect((await getCaseHistory(database.db, confirmed)).amlHitEverConfirmed).toBe(true);
    expect((await getCaseHistory(database.db, unreviewed)).amlHitEverConfirmed).toBe(false);
  });
});
