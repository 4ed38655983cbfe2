import { verifyWebhook } from '@console/didit/signature';
import { afterEach, describe, expect, it } from 'vitest';
import {
  deliverOne,
  type Running,
  sandboxWithReceiver,
  startReceiver,
  startSandbox,
} from '../test/helpers.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

const setup = (
  respond: Parameters<typeof startReceiver>[0],
  options: Parameters<typeof startSandbox>[0] = {},
) => sandboxWithReceiver(cleanup, respond, options);

/** Whether a received delivery verifies with `secret` now. */
const verifies = (r: { raw: Buffer; headers: unknown }, secret: string) =>
  verifyWebhook(r.raw, r.headers as any, secret, Math.floor(Date.now() / 1000)).ok;

describe('webhook delivery', () => {
  it.each([
    ['5xx', 503],
    ['404', 404],
  ])('retries on %s with the same event_id, re-signed each time, then drops it', async (_what, status) => {
    const { s, receiver, secret } = await setup(() => status);
    await deliverOne(s);
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.body.event_id)).size).toBe(1);
    for (const r of receiver.received) expect(verifies(r, secret)).toBe(true);
    expect(s.sandbox.deliveries().map((d) => [d.attempt, d.status])).toEqual([
      [1, status],
      [2, status],
      [3, status],
    ]);
  });

  it('retries a timeout and stops once the destination answers 2xx', async () => {
    const { s, receiver } = await setup((n) => (n === 1 ? 'hang' : 200));
    await deliverOne(s);
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[0]!.body.event_id).toBe(receiver.received[1]!.body.event_id);
    const rows = s.sandbox.deliveries();
    expect(rows[0]).toMatchObject({ attempt: 1, error: 'timeout' });
    expect(rows[1]).toMatchObject({ attempt: 2, status: 200 });
  });

  it('does not retry other 4xx answers, and skips disabled or unsubscribed destinations', async () => {
    const { s, receiver, destId } = await setup(() => 401);
    const other = await startReceiver();
    cleanup.push(() => other.close());
    await s.json('POST', '/v3/webhook/destinations/', {
      body: { label: 'data only', url: other.url, subscribed_events: ['data.updated'] },
    });
    await deliverOne(s);
    expect(receiver.received).toHaveLength(1);
    expect(other.received).toHaveLength(0);
    await s.json('PATCH', `/v3/webhook/destinations/${destId}/`, { body: { enabled: false } });
    await deliverOne(s);
    expect(receiver.received).toHaveLength(1);
  });

  it('fans one event out to every subscribed destination with the same event_id and each one’s secret', async () => {
    const { s, receiver, secret } = await setup(() => 200);
    const second = await startReceiver();
    cleanup.push(() => second.close());
    const d2 = await s.json('POST', '/v3/webhook/destinations/', {
      body: { label: 'b', url: second.url, subscribed_events: ['status.updated'] },
    });
    await deliverOne(s);
    expect(receiver.received[0]!.body.event_id).toBe(second.received[0]!.body.event_id);
    expect(verifies(second.received[0]!, d2.body.secret_shared_key)).toBe(true);
    expect(verifies(second.received[0]!, secret)).toBe(false);
  });
});

describe('webhook destinations', () => {
  it('creates, lists without the secret, reads, updates and soft-deletes', async () => {
    const { s, destId, secret } = await setup(() => 200);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const list = await s.json('GET', '/v3/webhook/destinations/');
    expect(list.body).toHaveLength(1);
    expect(list.body[0]).not.toHaveProperty('secret_shared_key');
    expect(list.body[0].secret_last4).toBe(secret.slice(-4));
    const one = await s.json('GET', `/v3/webhook/destinations/${destId}/`);
    expect(one.body).toMatchObject({
      uuid: destId,
      secret_shared_key: secret,
      webhook_version: 'v3',
      enabled: true,
    });
    expect(one.body.summary).toHaveProperty('total_deliveries');
    const upd = await s.json('PATCH', `/v3/webhook/destinations/${destId}/`, {
      body: { subscribed_events: ['data.updated'], label: 'renamed' },
    });
    expect(upd.body).toMatchObject({
      subscribed_events: ['data.updated'],
      label: 'renamed',
      secret_shared_key: secret,
    });
    expect((await s.call('DELETE', `/v3/webhook/destinations/${destId}/`)).status).toBe(204);
    expect((await s.call('DELETE', `/v3/webhook/destinations/${destId}/`)).status).toBe(404);
    expect((await s.json('GET', `/v3/webhook/destinations/${destId}/`)).status).toBe(404);
    expect(
      (await s.json('GET', `/v3/webhook/destinations/${destId}/`, { key: s.keyOf('partner') })).status,
    ).toBe(404);
  });

  it.each([
    [{ label: 'x', url: 'URL', subscribed_events: ['status.updated'] }, 'url'],
    [{ label: 'x', url: 'http://127.0.0.1:9/other', subscribed_events: [] }, 'subscribed_events'],
    [
      { label: 'x', url: 'http://127.0.0.1:9/other', subscribed_events: ['session.status.updated'] },
      'subscribed_events',
    ],
    [{ label: 'x', url: 'https://example.com/hook', subscribed_events: ['status.updated'] }, 'url'],
    [{ url: 'http://127.0.0.1:9/other', subscribed_events: ['status.updated'] }, 'label'],
    [{ label: 'x', url: 'http://127.0.0.1:9/other', webhook_version: 'v9' }, 'webhook_version'],
  ])('rejects %j with 400', async (body, field) => {
    const { s, receiver } = await setup(() => 200);
    const real = JSON.parse(JSON.stringify(body).replace('"URL"', JSON.stringify(receiver.url)));
    const r = await s.json('POST', '/v3/webhook/destinations/', { body: real });
    expect(r.status).toBe(400);
    expect(r.body).toHaveProperty(field);
  });
});

describe('rate limits and faults', () => {
  it('answers 429 with Retry-After and X-RateLimit-* only on the 429, per key and per scope', async () => {
    const s: Running = await startSandbox({ rateLimits: { get: 3, write: 2 } });
    cleanup.push(() => s.close());
    for (let i = 0; i < 3; i++) {
      const ok = await s.call('GET', '/v3/sessions/');
      expect(ok.status).toBe(200);
      expect(ok.headers.get('x-ratelimit-limit')).toBeNull();
    }
    const limited = await s.call('GET', '/v3/sessions/');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('x-ratelimit-limit')).toBe('3');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(limited.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    expect((await s.call('GET', '/v3/sessions/', { key: s.keyOf('partner') })).status).toBe(200);
    expect((await s.call('POST', '/v3/session/', { body: {} })).status).toBe(400);
  });

  it('injects 429, 5xx, hangs and truncated bodies on demand', async () => {
    const s: Running = await startSandbox();
    cleanup.push(() => s.close());
    s.sandbox.faults.set({ status429Rate: 1, retryAfterSeconds: 7 });
    const r429 = await s.call('GET', '/v3/sessions/');
    expect(r429.status).toBe(429);
    expect(r429.headers.get('retry-after')).toBe('7');
    s.sandbox.faults.set({ status429Rate: 0, status5xxRate: 1 });
    expect((await s.call('GET', '/v3/sessions/')).status).toBeGreaterThanOrEqual(500);
    s.sandbox.faults.set({ status5xxRate: 0, truncateRate: 1, paths: /decision/ });
    expect((await s.call('GET', '/v3/sessions/')).status).toBe(200);
    const [id] = await s.sandbox.seedSessions({ application: 'console', count: 1, statuses: ['Approved'] });
    const cut = await s.call('GET', `/v3/session/${id}/decision/`);
    await expect(cut.text()).rejects.toThrow();
    s.sandbox.faults.set({ truncateRate: 0, hangRate: 1, paths: /sessions/ });
    const hung = s.call('GET', '/v3/sessions/', {}).then(
      (r) => r.status,
      () => 'reset',
    );
    const race = await Promise.race([hung, new Promise((r) => setTimeout(() => r('still hanging'), 200))]);
    expect(race).toBe('still hanging');
    s.sandbox.faults.clear();
    expect((await s.call('GET', '/v3/sessions/')).status).toBe(200);
  });
});

describe('seed helpers', () => {
  it('seedDemo delivers ≥ 200 signed sessions, ≥ 30 In Review of both kinds, AML hits and imports', async () => {
    const { s, receiver, secret } = await setup(() => 200, { stepDelayMs: 5 });
    await s.sandbox.seedDemo({ application: 'console', partnerApplication: 'partner' });
    await s.sandbox.idle();
    const latest = new Map<string, any>();
    for (const r of receiver.received) latest.set(r.body.session_id, r.body);
    expect(latest.size).toBeGreaterThanOrEqual(200);
    for (const r of receiver.received.slice(0, 20)) expect(verifies(r, secret)).toBe(true);
    const rows = [...latest.values()];
    const inReview = rows.filter((b) => b.status === 'In Review' || b.status === 'IN_REVIEW');
    expect(inReview.length).toBeGreaterThanOrEqual(30);
    expect(inReview.some((b) => b.session_kind === 'business')).toBe(true);
    const hits = rows.flatMap((b) => (b.decision?.aml_screenings ?? []).flatMap((a: any) => a.hits));
    expect(hits.some((h) => h.review_status === 'Unreviewed')).toBe(true);
    const imported = rows.filter((b) => b.decision?.shared_from_session);
    expect(imported.length).toBeGreaterThanOrEqual(5);
    const kinds = new Set(imported.map((b) => b.decision.session_kind));
    expect(kinds).toEqual(new Set(['user', 'business']));
  });
});
