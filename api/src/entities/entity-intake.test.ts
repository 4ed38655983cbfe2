import { documented } from '@console/didit/fixtures/documented';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app.ts';
import { signed, TEST_WEBHOOK_SECRET } from '../../test/webhooks.ts';

// Issue 16 item 1: user.* and business.* webhooks are about Didit's entities, keyed by vendor_data; before,
// they went down the session path and ended as failed or ignored session events.

const ctx = useTestApp({ webhookSecret: () => TEST_WEBHOOK_SECRET });

const deliver = async (body: unknown, ts?: number) => {
  const d = signed(JSON.stringify(body), ts === undefined ? {} : { ts });
  const res = await ctx.app.request('/webhooks/didit', { method: 'POST', body: d.body, headers: d.headers });
  return res.status;
};
const entity = (kind: string, vendorData: string) =>
  ctx.database.db
    .selectFrom('entities')
    .selectAll()
    .where('entity_kind', '=', kind as 'user')
    .where('vendor_data', '=', vendorData)
    .executeTakeFirst();
const events = (vendorData: string) =>
  ctx.database.db
    .selectFrom('entity_events')
    .selectAll()
    .where('vendor_data', '=', vendorData)
    .orderBy('id')
    .execute();
const sessionEventCount = async () =>
  Number(
    (await sql<{ n: number }>`select count(*)::int as n from webhook_events`.execute(ctx.database.db))
      .rows[0]!.n,
  );

describe('entity webhooks', () => {
  it('stores the documented nested envelope as an entity status, not a session event', async () => {
    const before = await sessionEventCount();
    expect(await deliver(documented.entityNested.body)).toBe(200);
    expect(await entity('user', 'user-42')).toMatchObject({ status: 'BLOCKED', previous_status: 'ACTIVE' });
    expect((await events('user-42'))[0]).toMatchObject({
      envelope: 'nested',
      webhook_type: 'user.status.updated',
      apply_state: 'applied',
      source: 'webhook',
    });
    expect(await sessionEventCount()).toBe(before);
  });

  it('stores the documented flat status and data events, counters and profile fields included', async () => {
    const flat = documented.entityFlat;
    expect(await deliver(flat.status)).toBe(200);
    expect(await entity('business', 'biz-acme-001')).toMatchObject({
      status: 'FLAGGED',
      previous_status: 'ACTIVE',
    });
    expect(await deliver(flat.data)).toBe(200);
    expect(await entity('user', 'user-42')).toMatchObject({
      status: 'BLOCKED',
      full_name: 'Carmen Española',
      session_count: 2,
    });
    const [row] = (await events('biz-acme-001')).filter((e) => e.event_id === flat.status.event_id);
    expect(row).toMatchObject({ envelope: 'flat', apply_state: 'applied' });
  });

  it('a retry of the same event_id is stored once', async () => {
    const body = { ...documented.entityFlat.status, vendor_data: 'biz-retry', event_id: 'evt-entity-retry' };
    expect(await deliver(body)).toBe(200);
    expect(await deliver(body)).toBe(200);
    expect(await events('biz-retry')).toHaveLength(1);
  });

  it('keeps the newest status when deliveries arrive out of order, and every status in its history', async () => {
    const t = Math.floor(Date.now() / 1000);
    const status = (s: string, prev: string, id: string, at: number) => ({
      event_id: id,
      webhook_type: 'user.status.updated',
      vendor_data: 'user-order',
      status: s,
      previous_status: prev,
      timestamp: at,
    });
    expect(await deliver(status('BLOCKED', 'FLAGGED', 'evt-order-2', t - 10))).toBe(200);
    expect(await deliver(status('FLAGGED', 'ACTIVE', 'evt-order-1', t - 20))).toBe(200);
    const e = await entity('user', 'user-order');
    expect(e).toMatchObject({ status: 'BLOCKED', previous_status: 'FLAGGED' });
    expect(e!.status_history.map((h) => h.status)).toEqual(['FLAGGED', 'BLOCKED']);
    expect((await events('user-order')).map((r) => r.apply_state)).toEqual(['applied', 'stale']);
  });

  it('a late data event does not overwrite a newer value of the same field', async () => {
    const t = Math.floor(Date.now() / 1000);
    const data = (count: number, id: string, at: number) => ({
      event_id: id,
      webhook_type: 'business.data.updated',
      vendor_data: 'biz-counts',
      changed_fields: ['session_count', 'legal_name'],
      changes: {
        session_count: { previous: count - 1, current: count },
        legal_name: { previous: null, current: `Acme ${count}` },
      },
      timestamp: at,
    });
    expect(await deliver(data(3, 'evt-count-3', t - 5))).toBe(200);
    expect(await deliver(data(2, 'evt-count-2', t - 50))).toBe(200);
    expect(await entity('business', 'biz-counts')).toMatchObject({ session_count: 3, legal_name: 'Acme 3' });
  });

  it.each([
    ['an unknown status', { webhook_type: 'user.status.updated', vendor_data: 'u-bad', status: 'In Review' }],
    ['no vendor_data', { webhook_type: 'business.status.updated', status: 'ACTIVE' }],
    [
      'changes that are not a map',
      { webhook_type: 'user.data.updated', vendor_data: 'u-bad2', changed_fields: ['x'], changes: [] },
    ],
  ])('keeps a verified event with %s as failed (200, nothing applied)', async (_what, body) => {
    const id = `evt-bad-${Math.random()}`;
    expect(await deliver({ ...body, event_id: id })).toBe(200);
    const row = await ctx.database.db
      .selectFrom('entity_events')
      .selectAll()
      .where('event_id', '=', id)
      .executeTakeFirst();
    expect(row).toMatchObject({ apply_state: 'failed' });
    expect(row!.apply_error).toBeTruthy();
  });

  it('still refuses an entity event whose signature does not verify', async () => {
    const d = signed(JSON.stringify(documented.entityFlat.status), { secret: 'not-the-secret' });
    const res = await ctx.app.request('/webhooks/didit', {
      method: 'POST',
      body: d.body,
      headers: d.headers,
    });
    expect(res.status).toBe(401);
  });
});

describe('hostile entity events', () => {
  it.each([
    ['NUL and lone surrogates in changes', { current: 'a\u0000b\ud800c', previous: null }],
    ['a huge number', { current: 1.5e300, previous: -1 }],
  ])('stores %s without a 5xx', async (_what, change) => {
    const id = `evt-hostile-${Math.random()}`;
    const body = {
      event_id: id,
      webhook_type: 'user.data.updated',
      vendor_data: 'u-hostile',
      changed_fields: ['full_name', 'metadata'],
      changes: { full_name: change, metadata: change },
      timestamp: 1e300,
    };
    expect(await deliver(body)).toBe(200);
    const row = await ctx.database.db
      .selectFrom('entity_events')
      .selectAll()
      .where('event_id', '=', id)
      .executeTakeFirst();
    expect(row!.apply_state).toBe('applied');
  });
});
