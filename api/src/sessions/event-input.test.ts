import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app.ts';
import { signed, statusEvent, TEST_WEBHOOK_SECRET } from '../../test/webhooks.ts';

// Regression (found by test/faults bad-input): a verified body with NUL in a text field (status, vendor_data,
// an id) answered 503 for ever — Postgres text refuses NUL in the event insert and in the failed-event
// fallback alike — so Didit retried and then dropped it. Lone surrogates were stored as U+FFFD, so two
// different ids could collide into one event key and the second was acknowledged as a "duplicate".

const ctx = useTestApp({ webhookSecret: () => TEST_WEBHOOK_SECRET });

const deliver = (body: Record<string, unknown>) => {
  const d = signed(JSON.stringify(body), { scheme: 'v2' });
  return ctx.app.request('/webhooks/didit', { method: 'POST', body: d.body, headers: d.headers });
};
const rowsFor = (where: { sessionId?: string; eventId?: string }) => {
  let q = ctx.database.db
    .selectFrom('webhook_events')
    .select(['event_key', 'event_id', 'status', 'apply_state', 'vendor_data']);
  if (where.sessionId) q = q.where('session_id', '=', where.sessionId);
  if (where.eventId) q = q.where('event_id', '=', where.eventId);
  return q.execute();
};

describe('text Postgres cannot hold', () => {
  it.each([
    ['NUL in status', { status: 'Approved\u0000' }, 'failed'],
    ['a lone surrogate in status', { status: 'In Review\ud800' }, 'failed'],
    ['NUL in vendor_data', { vendor_data: 'user-\u0000-1' }, 'applied'],
    ['NUL as workflow_id', { workflow_id: '\u0000' }, 'applied'],
  ])('%s: 200, stored once, a retry is a duplicate', async (_, extra, state) => {
    const sessionId = randomUUID();
    const eventId = randomUUID();
    const body = { ...statusEvent({ sessionId, status: 'In Progress', eventId }), ...extra };
    const res = await deliver(body);
    expect(res.status).toBe(200);
    const rows = await rowsFor({ eventId });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.apply_state).toBe(state);
    expect(rows[0]!.vendor_data ?? '').not.toContain('\u0000');
    expect((await deliver(body)).status).toBe(200);
    expect(await rowsFor({ eventId })).toHaveLength(1);
  });

  it('an event_id Postgres cannot hold falls back to the documented key, and stays idempotent', async () => {
    const sessionId = randomUUID();
    const body = statusEvent({ sessionId, status: 'In Progress', eventId: 'evt-\u0000' });
    expect((await deliver(body)).status).toBe(200);
    expect((await deliver(body)).status).toBe(200);
    const rows = await rowsFor({ sessionId });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.event_id).toBeNull();
    expect(rows[0]!.event_key).toBe(`${sessionId}:status.updated:${body.timestamp}`);
  });

  it('two ids differing only in a lone surrogate are two events, not a duplicate', async () => {
    const sessionId = randomUUID();
    const ts = Math.floor(Date.now() / 1000);
    const a = statusEvent({ sessionId, status: 'In Progress', eventId: 'evt-\ud800', ts });
    const b = statusEvent({ sessionId, status: 'In Review', eventId: 'evt-\ud801', ts: ts + 1 });
    expect((await deliver(a)).status).toBe(200);
    expect((await deliver(b)).status).toBe(200);
    expect(await rowsFor({ sessionId })).toHaveLength(2);
  });

  it('a timestamp Postgres cannot hold in the fallback key keys the event by its body', async () => {
    const sessionId = randomUUID();
    const body = {
      ...statusEvent({ sessionId, status: 'In Progress', eventId: null }),
      timestamp: '17\u0000',
    };
    expect((await deliver(body)).status).toBe(200);
    expect((await deliver(body)).status).toBe(200);
    const rows = await rowsFor({ sessionId });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.event_key).toMatch(/^body-sha256:[0-9a-f]{64}$/);
  });
});
