import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app.ts';
import type { LoggedIn } from '../../test/auth.ts';
import { kycDecision, signed, statusEvent, TEST_WEBHOOK_SECRET } from '../../test/webhooks.ts';

const ctx = useTestApp(
  { webhookSecret: () => TEST_WEBHOOK_SECRET },
  {
    admin: [['admin']],
    reviewer: [['reviewer']],
  },
);

/** A verified webhook an older build stored as failed (its code could not apply it; today's can). */
async function storeFailed(raw: string, occurredAt = new Date()): Promise<number> {
  const key = `body-sha256:${createHash('sha256').update(raw).digest('hex')}`;
  const { rows } = await sql<{ id: number }>`
    insert into webhook_events (event_key, source, occurred_at, tiebreak, received_at, signature_scheme,
      raw_body, apply_state, apply_error)
    values (${key}, 'webhook', ${occurredAt}, ${`3:${key}`}, ${occurredAt}, 'v2', ${Buffer.from(raw)}, 'failed',
      'an older build could not read it')
    returning id`.execute(ctx.database.db);
  return rows[0]!.id;
}

const reapply = (id: number | string, who: LoggedIn = ctx.as.admin) =>
  ctx.app.request(`/api/sync/failed-events/${id}/reapply`, { method: 'POST', headers: who.headers });
const row = (id: number) =>
  ctx.database.db.selectFrom('webhook_events').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const session = (sid: string) =>
  ctx.database.db.selectFrom('sessions').selectAll().where('session_id', '=', sid).executeTakeFirst();

describe('POST /api/sync/failed-events/:id/reapply', () => {
  it('applies a failed webhook that today reads fine: session, event, audit; a redelivery is a duplicate', async () => {
    const sid = randomUUID();
    const eventId = randomUUID();
    const body = statusEvent({
      sessionId: sid,
      status: 'In Review',
      eventId,
      decision: kycDecision({ sessionId: sid, status: 'In Review' }),
    });
    const raw = JSON.stringify(body);
    const id = await storeFailed(raw);
    const listed = await ctx.app.request('/api/sync/failed-events', { headers: ctx.as.admin.headers });
    expect(((await listed.json()) as { items: { id: number }[] }).items.map((i) => i.id)).toContain(id);

    const res = await reapply(id);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id, apply_state: 'applied', session_id: sid });
    expect(await row(id)).toMatchObject({
      apply_state: 'applied',
      apply_error: null,
      event_key: eventId,
      event_id: eventId,
      status: 'In Review',
    });
    expect(await session(sid)).toMatchObject({
      status: 'In Review',
      status_key: 'IN_REVIEW',
      full_name: 'Carmen Española',
    });
    const after = await ctx.app.request('/api/sync/failed-events', { headers: ctx.as.admin.headers });
    expect(((await after.json()) as { items: { id: number }[] }).items.map((i) => i.id)).not.toContain(id);
    const audit = await ctx.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'sync.event.reapply')
      .where('subject_id', '=', String(id))
      .execute();
    expect(audit).toHaveLength(1);

    // Didit redelivers the same event: the re-applied row is its key now, so nothing is stored twice.
    const d = signed(raw, { scheme: 'v2' });
    expect(
      (await ctx.app.request('/webhooks/didit', { method: 'POST', body: d.body, headers: d.headers })).status,
    ).toBe(200);
    const n = await ctx.database.db
      .selectFrom('webhook_events')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('event_id', '=', eventId)
      .executeTakeFirstOrThrow();
    expect(n.n).toBe(1);
    expect((await reapply(id)).status).toBe(409);
  });

  it('marks it stale when a newer event already shows, and the session keeps the newer state', async () => {
    const sid = randomUUID();
    const ts = Math.floor(Date.now() / 1000);
    const newer = signed(
      JSON.stringify(
        statusEvent({
          sessionId: sid,
          status: 'Approved',
          ts,
          decision: kycDecision({ sessionId: sid, status: 'Approved' }),
        }),
      ),
    );
    expect(
      (await ctx.app.request('/webhooks/didit', { method: 'POST', body: newer.body, headers: newer.headers }))
        .status,
    ).toBe(200);
    const id = await storeFailed(
      JSON.stringify(statusEvent({ sessionId: sid, status: 'In Progress', ts: ts - 60 })),
    );
    const res = await reapply(id);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { apply_state: string }).apply_state).toBe('stale');
    expect(await session(sid)).toMatchObject({ status: 'Approved' });
    const history = await ctx.app.request(`/api/sessions/${sid}`, { headers: ctx.as.admin.headers });
    expect(
      ((await history.json()) as { history: { status: string }[] }).history.map((h) => h.status),
    ).toEqual(['In Progress', 'Approved']);
  });

  it('422 when it still cannot be applied, and nothing changes', async () => {
    const id = await storeFailed('[1,2,3]');
    const res = await reapply(id);
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNPROCESSABLE');
    expect(await row(id)).toMatchObject({
      apply_state: 'failed',
      apply_error: 'an older build could not read it',
    });
  });

  it('409 when another row already holds the same event', async () => {
    const sid = randomUUID();
    const body = statusEvent({ sessionId: sid, status: 'In Progress', eventId: randomUUID() });
    const d = signed(JSON.stringify(body));
    expect(
      (await ctx.app.request('/webhooks/didit', { method: 'POST', body: d.body, headers: d.headers })).status,
    ).toBe(200);
    const id = await storeFailed(`${JSON.stringify(body)} `);
    const res = await reapply(id);
    expect(res.status).toBe(409);
    expect((await row(id)).apply_state).toBe('failed');
  });

  it.each([
    ['a reviewer', () => reapply(1, ctx.as.reviewer), 403, 'FORBIDDEN'],
    ['no such event', () => reapply(999_999_999), 404, 'NOT_FOUND'],
    ['a malformed id', () => reapply('abc'), 400, 'VALIDATION'],
  ])('%s → %i', async (_, call, status, code) => {
    const res = await call();
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
  });
});
