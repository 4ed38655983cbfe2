import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app.ts';
import { auditEntry, auditTrail } from '../../test/audit.ts';
import type { LoggedIn } from '../../test/auth.ts';
import { seedLocalCase, TWO_REVIEWERS } from '../../test/review.ts';
import { fixedClock } from '../platform/clock.ts';

const clock = fixedClock(new Date('2026-11-22T10:00:00Z'));
const ctx = useTestApp(
  { clock },
  { ...TWO_REVIEWERS, admin: [['admin'], { name: 'Ada Admin' }], auditor: [['auditor']] },
);

const claim = (who: LoggedIn, id: string) =>
  ctx.app.request(`/api/sessions/${id}/claim`, { method: 'POST', headers: who.headers });
const release = (who: LoggedIn, id: string) =>
  ctx.app.request(`/api/sessions/${id}/claim`, { method: 'DELETE', headers: who.headers });
const claimRow = (id: string) =>
  ctx.database.db.selectFrom('session_claims').selectAll().where('session_id', '=', id).executeTakeFirst();
const auditActions = async (id: string) =>
  (await auditTrail(ctx.database.db, { sessionId: id })).map((r) => r.action);

describe('claims', () => {
  it('claims a free case for 15 minutes and renews it for its holder', async () => {
    const { sessionId } = await seedLocalCase(ctx.database.db, { at: clock.now() });
    const res = await claim(ctx.as.alice, sessionId);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { claim: Record<string, unknown> };
    expect(body.claim).toEqual({
      session_id: sessionId,
      holder: { id: ctx.as.alice.user.id, name: 'Alice Reviewer' },
      claimed_at: '2026-11-22T10:00:00.000Z',
      expires_at: '2026-11-22T10:15:00.000Z',
    });

    clock.advance(5 * 60 * 1000);
    const renewed = await claim(ctx.as.alice, sessionId);
    expect(renewed.status).toBe(200);
    const r = (await renewed.json()) as { claim: { claimed_at: string; expires_at: string } };
    expect(r.claim.claimed_at).toBe('2026-11-22T10:00:00.000Z');
    expect(r.claim.expires_at).toBe('2026-11-22T10:20:00.000Z');
    const row = await claimRow(sessionId);
    expect(row?.user_id).toBe(ctx.as.alice.user.id);
    expect(row?.expires_at.toISOString()).toBe('2026-11-22T10:20:00.000Z');
    // Taking the case is audited once; renewals are not.
    expect(await auditActions(sessionId)).toEqual(['review.claim']);
  });

  it('refuses a second reviewer while the claim is live, naming the holder', async () => {
    const { sessionId } = await seedLocalCase(ctx.database.db, { at: clock.now() });
    expect((await claim(ctx.as.alice, sessionId)).status).toBe(200);
    const res = await claim(ctx.as.bob, sessionId);
    expect(res.status).toBe(409);
    const body = (await res.json()) as { error: { code: string; details: Record<string, unknown> } };
    expect(body.error.code).toBe('CLAIMED_BY_OTHER');
    expect(body.error.details).toEqual({
      holder: { id: ctx.as.alice.user.id, name: 'Alice Reviewer' },
      expires_at: new Date(clock.now().getTime() + 15 * 60 * 1000).toISOString(),
    });
    expect((await claimRow(sessionId))?.user_id).toBe(ctx.as.alice.user.id);
    // Bob cannot release it either.
    expect((await release(ctx.as.bob, sessionId)).status).toBe(409);
    expect((await claimRow(sessionId))?.user_id).toBe(ctx.as.alice.user.id);
  });

  it('frees an expired claim for the next reviewer', async () => {
    const { sessionId } = await seedLocalCase(ctx.database.db, { at: clock.now() });
    expect((await claim(ctx.as.alice, sessionId)).status).toBe(200);
    clock.advance(15 * 60 * 1000);
    const review = await ctx.app.request(`/api/sessions/${sessionId}/review`, {
      headers: ctx.as.bob.headers,
    });
    expect(((await review.json()) as { claim: unknown }).claim).toBeNull();
    const res = await claim(ctx.as.bob, sessionId);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { claim: { holder: { id: string }; claimed_at: string } };
    expect(body.claim.holder.id).toBe(ctx.as.bob.user.id);
    expect(body.claim.claimed_at).toBe(clock.now().toISOString());
    expect((await claimRow(sessionId))?.user_id).toBe(ctx.as.bob.user.id);
  });

  it('lets the holder release, and an admin break a claim (audited as a break)', async () => {
    const { sessionId } = await seedLocalCase(ctx.database.db, { at: clock.now() });
    expect((await claim(ctx.as.alice, sessionId)).status).toBe(200);
    const released = await release(ctx.as.alice, sessionId);
    expect(released.status).toBe(200);
    expect(await released.json()).toEqual({ claim: null });
    expect(await claimRow(sessionId)).toBeUndefined();

    expect((await claim(ctx.as.bob, sessionId)).status).toBe(200);
    expect((await release(ctx.as.admin, sessionId)).status).toBe(200);
    expect(await claimRow(sessionId)).toBeUndefined();
    expect(await auditActions(sessionId)).toEqual([
      'review.claim',
      'review.release',
      'review.claim',
      'review.claim_break',
    ]);
    const broken = await auditEntry(ctx.database.db, sessionId, 'review.claim_break');
    expect(broken.actor_id).toBe(ctx.as.admin.user.id);
    expect(broken.before).toMatchObject({ holder_id: ctx.as.bob.user.id });
  });

  it('answers 404 for a session the console does not know', async () => {
    const res = await claim(ctx.as.alice, '00000000-0000-4000-8000-000000000000');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });

  it('refuses an auditor every claim write', async () => {
    const { sessionId } = await seedLocalCase(ctx.database.db, { at: clock.now() });
    for (const res of [await claim(ctx.as.auditor, sessionId), await release(ctx.as.auditor, sessionId)]) {
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
    }
    expect(await claimRow(sessionId)).toBeUndefined();
  });

  it('lets only one of two racing reviewers win a free case', async () => {
    const { sessionId } = await seedLocalCase(ctx.database.db, { at: clock.now() });
    const [a, b] = await Promise.all([claim(ctx.as.alice, sessionId), claim(ctx.as.bob, sessionId)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? ctx.as.alice : ctx.as.bob;
    expect((await claimRow(sessionId))?.user_id).toBe(winner.user.id);
  });

  it('shows the live holder on queue rows and filters by assigned=me|none', async () => {
    const mine = await seedLocalCase(ctx.database.db, { at: clock.now() });
    const bobs = await seedLocalCase(ctx.database.db, { at: clock.now() });
    const expired = await seedLocalCase(ctx.database.db, { at: clock.now() });
    expect((await claim(ctx.as.alice, expired.sessionId)).status).toBe(200);
    clock.advance(15 * 60 * 1000 + 1);
    expect((await claim(ctx.as.alice, mine.sessionId)).status).toBe(200);
    expect((await claim(ctx.as.bob, bobs.sessionId)).status).toBe(200);

    type Item = { session_id: string; assignee: { id: string; name: string; expires_at: string } | null };
    const list = async (who: LoggedIn, query: string) => {
      const res = await ctx.app.request(`/api/sessions?limit=100${query}`, { headers: who.headers });
      expect(res.status).toBe(200);
      return ((await res.json()) as { items: Item[] }).items;
    };
    const all = await list(ctx.as.auditor, '');
    const byId = new Map(all.map((i) => [i.session_id, i.assignee]));
    expect(byId.get(mine.sessionId)).toEqual({
      id: ctx.as.alice.user.id,
      name: 'Alice Reviewer',
      expires_at: new Date(clock.now().getTime() + 15 * 60 * 1000).toISOString(),
    });
    expect(byId.get(bobs.sessionId)?.id).toBe(ctx.as.bob.user.id);
    expect(byId.get(expired.sessionId)).toBeNull();

    const aliceMine = (await list(ctx.as.alice, '&assigned=me')).map((i) => i.session_id);
    expect(aliceMine).toContain(mine.sessionId);
    expect(aliceMine).not.toContain(bobs.sessionId);
    expect(aliceMine).not.toContain(expired.sessionId);
    const free = (await list(ctx.as.alice, '&assigned=none')).map((i) => i.session_id);
    expect(free).toContain(expired.sessionId);
    expect(free).not.toContain(mine.sessionId);
    expect(free).not.toContain(bobs.sessionId);
    expect(
      (await ctx.app.request('/api/sessions?assigned=someone', { headers: ctx.as.alice.headers })).status,
    ).toBe(400);
  });
});
