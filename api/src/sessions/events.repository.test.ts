import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/database.ts';
import { kycDecision, statusEvent } from '../../test/webhooks.ts';
import type { Database } from '../platform/db/database.ts';
import { getCaseHistory } from '../review/case-history.repository.ts';
import { applyEvent } from './apply-event.ts';
import { type EventInput, eventFromWebhook, payloadIsRawText } from './event-input.ts';
import { insertAndApplyManyStatement, insertAndApplyStatement, storedPayload } from './events.repository.ts';
import { IntakeBatcher } from './intake-batcher.ts';
import { sessionDecision } from './sessions.repository.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const NOW = new Date('2026-11-22T06:00:00Z');
const TS = Math.floor(NOW.getTime() / 1000) - 60;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** A signed delivery of an Approved KYC decision as the intake hands it over (`prefix`: bytes before the JSON). */
function delivery(
  fullName: string,
  extra: Record<string, unknown>,
  prefix?: Buffer,
  hits?: ('Unreviewed' | 'Confirmed Match')[],
): EventInput {
  const sid = randomUUID();
  const text = JSON.stringify(
    statusEvent({
      sessionId: sid,
      status: 'Approved',
      ts: TS,
      extra: { event_id: randomUUID(), ...extra },
      decision: kycDecision({ sessionId: sid, status: 'Approved', fullName, ...(hits ? { hits } : {}) }),
    }),
  );
  const raw = prefix ? Buffer.concat([prefix, Buffer.from(text)]) : Buffer.from(text);
  // As the intake hands it over: the text verification decoded (a byte-order mark dropped).
  const decoded = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  return eventFromWebhook({
    raw,
    scheme: 'v2',
    body: JSON.parse(decoded),
    text: decoded,
    headerTimestamp: TS,
    receivedAt: NOW,
  });
}

/** Four kinds of delivery: only the first two have a payload that is exactly their stored bytes as text. */
function deliveries(): { event: EventInput; fromRaw: boolean }[] {
  return [
    { event: delivery('Plain Body', {}), fromRaw: true },
    // Redacted: the stored bytes are the body without the link, and the payload is their text.
    {
      event: delivery('Linked Body', { session_url: 'https://verify.didit.me/session/tok' }),
      fromRaw: true,
    },
    // The bytes keep a byte-order mark the text does not have.
    { event: delivery('Bom Body', {}, BOM), fromRaw: false },
    // jsonb refuses \u0000: the payload is sanitized, the bytes are not.
    { event: delivery('Nul\u0000Body', {}), fromRaw: false },
  ];
}

async function stored(e: EventInput) {
  const row = await database.db
    .selectFrom('webhook_events')
    .select(['raw_body', 'payload as payloadColumn', storedPayload('webhook_events').as('payload')])
    .where('event_key', '=', e.eventKey)
    .executeTakeFirstOrThrow();
  const session = await database.db
    .selectFrom('sessions')
    .select(['full_name', sessionDecision.as('decision')])
    .where('session_id', '=', e.sessionId!)
    .executeTakeFirstOrThrow();
  return {
    raw: Buffer.from(row.raw_body),
    payloadColumn: row.payloadColumn,
    payload: row.payload,
    fullName: session.full_name,
    decision: session.decision,
  };
}

describe('an event body crosses to Postgres once', () => {
  it('sends the payload only when it is not the raw body as text, in both statements', () => {
    const all = deliveries();
    expect(all.map((d) => payloadIsRawText(d.event))).toEqual(all.map((d) => d.fromRaw));
    const many = insertAndApplyManyStatement(all.map((d) => d.event)).compile(database.db);
    for (const { event, fromRaw } of all) {
      const single = insertAndApplyStatement(event).compile(database.db);
      for (const params of [many.parameters, single.parameters]) {
        expect(params.includes(event.payloadJson)).toBe(!fromRaw);
        // The bytes go once either way.
        expect(params.filter((p) => Buffer.isBuffer(p) && p.equals(Buffer.from(event.rawBody)))).toHaveLength(
          1,
        );
      }
    }
  });

  it('stores the same bytes, payload and session through the batch statement and the one-event statement', async () => {
    const batched = deliveries();
    const batcher = new IntakeBatcher(database, { lanes: 1, maxBatch: 16 });
    // One in flight first, so the other three share the next transaction's multi-row statement.
    await Promise.all(batched.map((d) => batcher.apply(d.event, NOW)));
    expect(batcher.stats.statements).toBeLessThan(batched.length);
    const alone = deliveries();
    for (const d of alone) await applyEvent(database.db, d.event, NOW);
    for (const { event, fromRaw } of [...batched, ...alone]) {
      const s = await stored(event);
      expect(s.raw.equals(Buffer.from(event.rawBody))).toBe(true);
      // A payload that is the stored bytes' text is not stored a second time; the readers take it from them.
      expect(s.payloadColumn === null).toBe(fromRaw);
      expect(s.payload).toEqual(JSON.parse(event.payloadJson!));
      expect(s.decision).toEqual((JSON.parse(event.payloadJson!) as { decision: unknown }).decision);
      expect(s.fullName).toMatch(/^(Plain|Linked|Bom) Body$|^Nul\uFFFDBody$/);
    }
    // The link is gone from what was stored, bytes and payload alike.
    const linked = await stored(batched[1]!.event);
    expect(linked.raw.toString()).not.toContain('verify.didit.me');
    expect((linked.payload as { session_url: unknown }).session_url).toBeNull();
  });

  it('keeps the payload of a failed event, and reads none from an emptied raw body', async () => {
    const sid = randomUUID();
    const text = JSON.stringify({
      webhook_type: 'status.updated',
      session_id: sid,
      status: 42,
      timestamp: TS,
    });
    const failed = eventFromWebhook({
      raw: Buffer.from(text),
      scheme: 'v2',
      body: JSON.parse(text),
      text,
      headerTimestamp: TS,
      receivedAt: NOW,
    });
    expect(failed.intent).toBe('failed');
    expect(payloadIsRawText(failed)).toBe(true);
    await applyEvent(database.db, failed, NOW);
    const row = await database.db
      .selectFrom('webhook_events')
      .select(['apply_state', 'payload as payloadColumn', storedPayload('webhook_events').as('payload')])
      .where('event_key', '=', failed.eventKey)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      apply_state: 'failed',
      payloadColumn: JSON.parse(text),
      payload: JSON.parse(text),
    });
    // An erased event: raw body emptied, payload null (records.repository, the erasure trigger).
    const [d] = deliveries();
    await applyEvent(database.db, d!.event, NOW);
    await database.db
      .updateTable('webhook_events')
      .set({ raw_body: Buffer.alloc(0), payload: null, decision_at: null })
      .where('event_key', '=', d!.event.eventKey)
      .execute();
    const erased = await stored(d!.event);
    expect(erased.payload).toBeNull();
    expect(erased.decision).toBeNull();
  });

  it('lets the case history find a match Didit confirmed in a payload kept as the raw body', async () => {
    const confirmed = delivery('Hit Person', {}, undefined, ['Confirmed Match']);
    const unreviewed = delivery('Hit Person', {}, undefined, ['Unreviewed']);
    for (const e of [confirmed, unreviewed]) {
      expect(payloadIsRawText(e)).toBe(true);
      await applyEvent(database.db, e, NOW);
    }
    expect((await getCaseHistory(database.db, confirmed.sessionId!)).amlHitEverConfirmed).toBe(true);
    expect((await getCaseHistory(database.db, unreviewed.sessionId!)).amlHitEverConfirmed).toBe(false);
  });
});
