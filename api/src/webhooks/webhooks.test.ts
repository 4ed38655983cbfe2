import { randomUUID } from 'node:crypto';
import { hmacHex } from '@console/didit/signature';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestApp, errorCode, useTestApp } from '../../test/app.ts';
import { loginAs } from '../../test/auth.ts';
import {
  kycDecision,
  type StatusEventOptions,
  signed,
  statusEvent,
  TEST_WEBHOOK_SECRET,
} from '../../test/webhooks.ts';
import { createDatabase, type Database } from '../platform/db/database.ts';
import { sessionDecision } from '../sessions/sessions.repository.ts';

const ctx = useTestApp({ webhookSecret: () => TEST_WEBHOOK_SECRET });

const post = (body: string, headers: Record<string, string>, target = ctx.app) =>
  target.request('/webhooks/didit', { method: 'POST', body, headers });

async function eventRows(where: { sessionId?: string; key?: string } = {}) {
  let q = ctx.database.db.selectFrom('webhook_events').selectAll();
  if (where.sessionId) q = q.where('session_id', '=', where.sessionId);
  if (where.key) q = q.where('event_key', '=', where.key);
  return q.orderBy('id').execute();
}
const countEvents = async () =>
  Number(
    (await sql<{ n: number }>`select count(*)::int as n from webhook_events`.execute(ctx.database.db))
      .rows[0]!.n,
  );
/** The intake answered `status` with error `code`, and no event was stored since `eventsBefore`. */
async function expectRefused(res: Response, status: number, code: string, eventsBefore: number) {
  expect(res.status).toBe(status);
  expect(await errorCode(res)).toBe(code);
  expect(await countEvents()).toBe(eventsBefore);
}
/** A signed `status.updated` approving session `sid`, with its decision (and any other event fields). */
const approvedDelivery = (sid: string, event: Partial<StatusEventOptions> = {}) =>
  signed(
    JSON.stringify(
      statusEvent({
        sessionId: sid,
        status: 'Approved',
        decision: kycDecision({ sessionId: sid, status: 'Approved' }),
        ...event,
      }),
    ),
  );
const session = (id: string) =>
  ctx.database.db
    .selectFrom('sessions')
    .selectAll()
    .select(sessionDecision.as('decision'))
    .where('session_id', '=', id)
    .executeTakeFirst();

describe('signature schemes', () => {
  it('accepts X-Signature-V2 over the canonical form even when the raw bytes are not canonical', async () => {
    const sid = randomUUID();
    const body = statusEvent({
      sessionId: sid,
      status: 'Approved',
      decision: kycDecision({ sessionId: sid, status: 'Approved' }),
    });
    // Pretty-printed with unsorted keys: only the canonical (V2) signature can match these bytes.
    const text = JSON.stringify({ z: 1, ...body, a: 95.0 }, null, 2);
    const d = signed(text, { scheme: 'v2' });
    const res = await post(d.body, d.headers);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    const [row] = await eventRows({ sessionId: sid });
    expect(row).toMatchObject({
      signature_scheme: 'v2',
      apply_state: 'applied',
      source: 'webhook',
      status: 'Approved',
    });
    expect(Buffer.from(row!.raw_body).toString('utf8')).toBe(text);
    expect(await session(sid)).toMatchObject({
      status: 'Approved',
      status_key: 'APPROVED',
      full_name: 'Carmen Española',
    });
  });

  it('accepts X-Signature over the raw bytes', async () => {
    const sid = randomUUID();
    const d = signed(JSON.stringify(statusEvent({ sessionId: sid, status: 'In Progress' })), {
      scheme: 'raw',
    });
    expect((await post(d.body, d.headers)).status).toBe(200);
    expect((await eventRows({ sessionId: sid }))[0]).toMatchObject({
      signature_scheme: 'raw',
      apply_state: 'applied',
    });
    expect(await session(sid)).toMatchObject({ status: 'In Progress', has_decision: false });
  });

  it('accepts X-Signature-Simple, applies only the signed status and queues a decision fetch', async () => {
    const sid = randomUUID();
    const forged = kycDecision({ sessionId: sid, status: 'Approved', fullName: 'Not Authenticated' });
    // One clock reading for the envelope and the header: the Simple scheme wants them equal, and two
    // readings can fall on either side of a second.
    const ts = Math.floor(Date.now() / 1000);
    const d = signed(
      JSON.stringify(
        statusEvent({ sessionId: sid, status: 'Approved', decision: forged, vendorData: 'forged', ts }),
      ),
      { scheme: 'simple', ts },
    );
    expect((await post(d.body, d.headers)).status).toBe(200);
    expect((await eventRows({ sessionId: sid }))[0]).toMatchObject({
      signature_scheme: 'simple',
      apply_state: 'pending_fetch',
    });
    const s = await session(sid);
    expect(s).toMatchObject({ status: 'Approved', decision: null, vendor_data: null, full_name: null });
    const job = await ctx.database.db
      .selectFrom('jobs')
      .selectAll()
      .where('key', '=', `refresh:${sid}`)
      .executeTakeFirst();
    expect(job).toMatchObject({ kind: 'session.refresh', state: 'queued' });
  });

  it('queues a fetch for a decision status that arrived without its decision', async () => {
    const sid = randomUUID();
    const d = signed(JSON.stringify(statusEvent({ sessionId: sid, status: 'In Review' })));
    expect((await post(d.body, d.headers)).status).toBe(200);
    expect((await eventRows({ sessionId: sid }))[0]!.apply_state).toBe('pending_fetch');
    expect(await session(sid)).toMatchObject({ status: 'In Review', decision: null });
    expect(
      await ctx.database.db
        .selectFrom('jobs')
        .select('kind')
        .where('key', '=', `refresh:${sid}`)
        .executeTakeFirst(),
    ).toBeDefined();
  });
});

describe('rejections (401 INVALID_SIGNATURE, nothing stored)', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const base = () => JSON.stringify(statusEvent({ sessionId: randomUUID(), status: 'Approved' }));
  const flip = (hex: string) => (hex[0] === 'a' ? 'b' : 'a') + hex.slice(1);

  it.each([
    ['a stale timestamp', () => signed(base(), { ts: now() - 301 })],
    ['a future timestamp', () => signed(base(), { ts: now() + 330 })],
    ['a wrong secret', () => signed(base(), { secret: 'another-secret' })],
    [
      'a flipped signature',
      () => {
        const d = signed(base(), { scheme: 'raw' });
        return { ...d, headers: { ...d.headers, 'X-Signature': flip(d.headers['X-Signature']!) } };
      },
    ],
    [
      'a short signature',
      () => {
        const d = signed(base(), { scheme: 'raw' });
        return { ...d, headers: { ...d.headers, 'X-Signature': 'abc' } };
      },
    ],
    [
      'a non-hex signature',
      () => {
        const d = signed(base(), { scheme: 'raw' });
        return { ...d, headers: { ...d.headers, 'X-Signature': 'z'.repeat(64) } };
      },
    ],
    [
      'no signature headers',
      () => {
        const d = signed(base(), { scheme: 'raw' });
        const { 'X-Signature': _, ...rest } = d.headers;
        return { ...d, headers: rest };
      },
    ],
    [
      'no timestamp header',
      () => {
        const d = signed(base());
        const { 'X-Timestamp': _, ...rest } = d.headers;
        return { ...d, headers: rest };
      },
    ],
    [
      'a non-numeric timestamp',
      () => {
        const d = signed(base());
        return { ...d, headers: { ...d.headers, 'X-Timestamp': 'soon' } };
      },
    ],
    [
      'a Simple signature whose body timestamp differs from the header',
      () => {
        const body = JSON.parse(base());
        const d = signed(JSON.stringify(body), { scheme: 'simple' });
        body.timestamp = body.timestamp - 1000;
        return { body: JSON.stringify(body), headers: d.headers };
      },
    ],
  ])('%s', async (_name, make) => {
    const before = await countEvents();
    const d = make();
    const res = await post(d.body, d.headers);
    await expectRefused(res, 401, 'INVALID_SIGNATURE', before);
  });

  it('answers 413 for a declared body over 1 MiB without reading it', async () => {
    const before = await countEvents();
    const big = `{"pad":"${'x'.repeat(1024 * 1024)}"}`;
    const d = signed(big, { scheme: 'raw' });
    const res = await post(d.body, d.headers);
    await expectRefused(res, 413, 'PAYLOAD_TOO_LARGE', before);
  });

  it('answers 413 for a chunked body that streams past 1 MiB', async () => {
    const before = await countEvents();
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(ctrl) {
        if (sent++ >= 20) ctrl.close();
        else ctrl.enqueue(chunk);
      },
    });
    const ts = String(Math.floor(Date.now() / 1000));
    const res = await ctx.app.request('/webhooks/didit', {
      method: 'POST',
      body: stream,
      headers: { 'X-Timestamp': ts, 'X-Signature': 'a'.repeat(64) },
      duplex: 'half',
    });
    expect(res.status).toBe(413);
    expect(sent).toBeLessThanOrEqual(18);
    expect(await countEvents()).toBe(before);
  });
});

describe('storing and applying', () => {
  it.each([
    ['malformed JSON', '{"webhook_type": "status.updated", "session_id": "abc", '],
    // Issue 14 item 9: the Simple scheme's message, whose X-Simple signature an observer holds, replayed
    // as the body of an X-Signature delivery.
    ['the Simple scheme message', `${Math.floor(Date.now() / 1000)}:abc:Approved:status.updated`],
    ['a JSON array', '[]'],
  ])('refuses %s that carries a valid raw signature with 400 and stores nothing', async (_, text) => {
    const before = await countEvents();
    const d = signed('{}', { scheme: 'raw' });
    d.headers['X-Signature'] = hmacHex(TEST_WEBHOOK_SECRET, Buffer.from(text));
    const res = await post(text, d.headers);
    await expectRefused(res, 400, 'VALIDATION', before);
  });

  it('marks verified bodies it cannot apply as failed with the reason', async () => {
    const d = signed(
      JSON.stringify({ webhook_type: 'status.updated', status: 'Approved', event_id: randomUUID() }),
    );
    expect((await post(d.body, d.headers)).status).toBe(200);
    const [row] = await eventRows({ key: JSON.parse(d.body).event_id });
    expect(row).toMatchObject({
      apply_state: 'failed',
      apply_error: 'session_id is missing or not a string',
    });
  });

  it('acknowledges a duplicate event_id and changes nothing', async () => {
    const sid = randomUUID();
    const eventId = randomUUID();
    const d = approvedDelivery(sid, { eventId });
    expect((await post(d.body, d.headers)).status).toBe(200);
    const first = await session(sid);
    // Didit reuses event_id on a retry (re-signed later); a different status must still not apply.
    const again = signed(
      JSON.stringify(
        statusEvent({ sessionId: sid, status: 'Declined', eventId, ts: Math.floor(Date.now() / 1000) + 2 }),
      ),
    );
    const res = await post(again.body, again.headers);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(await eventRows({ sessionId: sid })).toHaveLength(1);
    expect(await session(sid)).toEqual(first);
  });

  it('deduplicates events without event_id on session_id, webhook_type and timestamp', async () => {
    const sid = randomUUID();
    const body = JSON.stringify(
      statusEvent({ sessionId: sid, status: 'In Progress', eventId: null, ts: 1_790_000_000 }),
    );
    const d = signed(body);
    expect((await post(d.body, d.headers)).status).toBe(200);
    expect((await post(d.body, d.headers)).status).toBe(200);
    const rows = await eventRows({ sessionId: sid });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.event_key).toBe(`${sid}:status.updated:1790000000`);
  });

  it('stores and acknowledges unknown webhook types without touching sessions', async () => {
    const sid = randomUUID();
    const d = signed(
      JSON.stringify(statusEvent({ sessionId: sid, status: 'Created', webhookType: 'transaction.created' })),
    );
    expect((await post(d.body, d.headers)).status).toBe(200);
    expect((await eventRows({ sessionId: sid }))[0]).toMatchObject({
      apply_state: 'ignored',
      webhook_type: 'transaction.created',
    });
    expect(await session(sid)).toBeUndefined();
  });

  it('applies only what is newer: a late older event is stored stale and lands in its place in history', async () => {
    const sid = randomUUID();
    const t = 1_790_000_100;
    const approved = approvedDelivery(sid, { ts: t + 10 });
    const inProgress = signed(JSON.stringify(statusEvent({ sessionId: sid, status: 'In Progress', ts: t })));
    expect((await post(approved.body, approved.headers)).status).toBe(200);
    expect((await post(inProgress.body, inProgress.headers)).status).toBe(200);
    expect((await eventRows({ sessionId: sid })).map((r) => r.apply_state)).toEqual(['applied', 'stale']);
    expect(await session(sid)).toMatchObject({
      status: 'Approved',
      last_event_at: new Date((t + 10) * 1000),
    });

    const reviewer = await loginAs(ctx.app, ctx.database, ['reviewer']);
    const res = await ctx.app.request(`/api/sessions/${sid}`, { headers: reviewer.headers });
    const detail = (await res.json()) as { history: { status: string; source: string }[] };
    expect(detail.history.map((h) => h.status)).toEqual(['In Progress', 'Approved']);
  });

  it('keeps \\u0000 and lone surrogates in the raw bytes and applies a jsonb-safe payload', async () => {
    const sid = randomUUID();
    const decision = kycDecision({ sessionId: sid, status: 'Approved', fullName: 'Ann\u0000a \ud800X' });
    const text = JSON.stringify(statusEvent({ sessionId: sid, status: 'Approved', decision }));
    expect(text).toContain('\\u0000');
    const d = signed(text, { scheme: 'raw' });
    expect((await post(d.body, d.headers)).status).toBe(200);
    const [row] = await eventRows({ sessionId: sid });
    expect(row!.apply_state).toBe('applied');
    expect(Buffer.from(row!.raw_body).toString('utf8')).toBe(text);
    expect((await session(sid))!.full_name).toBe('Ann\uFFFDa \uFFFDX');
  });
});

describe('database unavailable', () => {
  it('answers 503 (never 2xx) while the database is down, then applies the retried event once', async () => {
    const down: Database = await createDatabase({
      url: 'postgres://nobody:nothing@127.0.0.1:1/none',
      poolSize: 1,
    });
    const downApp = createTestApp(down, { webhookSecret: () => TEST_WEBHOOK_SECRET });
    const sid = randomUUID();
    const d = approvedDelivery(sid);
    const res = await post(d.body, d.headers, downApp);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAVAILABLE');
    await down.close();

    // Didit retries (same event_id) once the database is back; a second retry is a duplicate.
    expect((await post(d.body, d.headers)).status).toBe(200);
    expect((await post(d.body, d.headers)).status).toBe(200);
    expect(await eventRows({ sessionId: sid })).toHaveLength(1);
    expect((await session(sid))!.status).toBe('Approved');
  });

  it('answers 503 while no webhook secret is known yet (sandbox start-up)', async () => {
    const early = createTestApp(ctx.database, { webhookSecret: () => undefined });
    const d = signed(JSON.stringify(statusEvent({ sessionId: randomUUID(), status: 'Approved' })));
    expect((await post(d.body, d.headers, early)).status).toBe(503);
  });
});
