import { describe, expect, it } from 'vitest';
import { errorCode, useTestApp } from '../../test/app.ts';
import type { LoggedIn } from '../../test/auth.ts';
import { seedLocalCase, TWO_REVIEWERS } from '../../test/review.ts';
import { fixedClock } from '../platform/clock.ts';

const clock = fixedClock(new Date('2026-11-22T10:00:00Z'));
const ctx = useTestApp(
  { clock },
  { ...TWO_REVIEWERS, lead: [['admin'], { name: 'Lee Lead' }], auditor: [['auditor']] },
);
const { send } = ctx;

const assign = (who: LoggedIn, id: string, userId: string) =>
  send(who, 'PUT', `/api/sessions/${id}/assignment`, { user_id: userId });
const audit = (id: string) =>
  ctx.database.db
    .selectFrom('audit_log')
    .select(['action', 'actor_id', 'before', 'after'])
    .where('session_id', '=', id)
    .orderBy('seq')
    .execute();
const assignedTo = async (id: string) =>
  (
    await ctx.database.db
      .selectFrom('session_assignments')
      .select('user_id')
      .where('session_id', '=', id)
      .executeTakeFirst()
  )?.user_id;
const queueIds = async (who: LoggedIn, query: string) =>
  (
    (await (await send(who, 'GET', `/api/sessions?${query}`)).json()) as { items: { session_id: string }[] }
  ).items.map((i) => i.session_id);

describe('assignment', () => {
  it('a lead assigns a case to a reviewer and takes it back, each change audited', async () => {
    const { sessionId } = await seedLocalCase(ctx.database.db, { at: clock.now() });
    const res = await assign(ctx.as.lead, sessionId, ctx.as.alice.user.id);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      session_id: sessionId,
      assignee: { id: ctx.as.alice.user.id, name: 'Alice Reviewer' },
    });
    expect(await assignedTo(sessionId)).toBe(ctx.as.alice.user.id);
    expect(await queueIds(ctx.as.alice, 'assigned=me')).toContain(sessionId);
    expect(await queueIds(ctx.as.alice, 'assigned=none')).not.toContain(sessionId);

    expect((await assign(ctx.as.lead, sessionId, ctx.as.bob.user.id)).status).toBe(200);
    expect(await queueIds(ctx.as.alice, 'assigned=me')).not.toContain(sessionId);
    expect(await queueIds(ctx.as.bob, 'assigned=me')).toContain(sessionId);

    const off = await send(ctx.as.lead, 'DELETE', `/api/sessions/${sessionId}/assignment`);
    expect(off.status).toBe(200);
    expect(await assignedTo(sessionId)).toBeUndefined();
    expect((await send(ctx.as.lead, 'DELETE', `/api/sessions/${sessionId}/assignment`)).status).toBe(200);
    expect(await queueIds(ctx.as.bob, 'assigned=none')).toContain(sessionId);
    expect(await audit(sessionId)).toEqual([
      {
        action: 'review.assign',
        actor_id: ctx.as.lead.user.id,
        before: null,
        after: { assignee_id: ctx.as.alice.user.id },
      },
      {
        action: 'review.assign',
        actor_id: ctx.as.lead.user.id,
        before: { assignee_id: ctx.as.alice.user.id },
        after: { assignee_id: ctx.as.bob.user.id },
      },
      {
        action: 'review.unassign',
        actor_id: ctx.as.lead.user.id,
        before: { assignee_id: ctx.as.bob.user.id },
        after: null,
      },
    ]);
  });

  it('refuses a case someone else is working on, and an assignee who cannot decide', async () => {
    const { sessionId } = await seedLocalCase(ctx.database.db, { at: clock.now() });
    expect((await send(ctx.as.bob, 'POST', `/api/sessions/${sessionId}/claim`)).status).toBe(200);
    const taken = await assign(ctx.as.lead, sessionId, ctx.as.alice.user.id);
    expect(taken.status).toBe(409);
    expect(await errorCode(taken)).toBe('CLAIMED_BY_OTHER');
    expect((await assign(ctx.as.lead, sessionId, ctx.as.bob.user.id)).status).toBe(200);
    const notReviewer = await assign(ctx.as.lead, sessionId, ctx.as.auditor.user.id);
    expect(notReviewer.status).toBe(400);
    expect(await errorCode(notReviewer)).toBe('VALIDATION');
    expect(await assignedTo(sessionId)).toBe(ctx.as.bob.user.id);
  });

  it('is refused to read-only roles and without the CSRF token', async () => {
    const { sessionId } = await seedLocalCase(ctx.database.db, { at: clock.now() });
    expect((await assign(ctx.as.auditor, sessionId, ctx.as.alice.user.id)).status).toBe(403);
    const noCsrf = await ctx.app.request(`/api/sessions/${sessionId}/assignment`, {
      method: 'PUT',
      headers: { cookie: ctx.as.lead.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ user_id: ctx.as.alice.user.id }),
    });
    expect(await errorCode(noCsrf)).toBe('CSRF');
    expect(await assignedTo(sessionId)).toBeUndefined();
  });

  it('the case review names the assignee for every role, the auditor included', async () => {
    const { sessionId } = await seedLocalCase(ctx.database.db, { at: clock.now() });
    const assignmentSeenBy = async (who: LoggedIn) =>
      (
        (await (await send(who, 'GET', `/api/sessions/${sessionId}/review`)).json()) as {
          assignment: unknown;
        }
      ).assignment;
    expect(await assignmentSeenBy(ctx.as.auditor)).toBeNull();
    expect((await assign(ctx.as.alice, sessionId, ctx.as.bob.user.id)).status).toBe(200);
    expect(await assignmentSeenBy(ctx.as.auditor)).toEqual({
      id: ctx.as.bob.user.id,
      name: 'Bob Reviewer',
      assigned_at: clock.now().toISOString(),
    });
    expect(await assignmentSeenBy(ctx.as.alice)).toEqual(await assignmentSeenBy(ctx.as.auditor));
  });

  it('lists the active reviewers for the picker', async () => {
    const res = await send(ctx.as.lead, 'GET', '/api/review/reviewers');
    const { items } = (await res.json()) as { items: { id: string; name: string }[] };
    expect(items.map((i) => i.name)).toEqual(['Alice Reviewer', 'Bob Reviewer']);
  });
});

describe('bulk assign', () => {
  it('assigns each case it may, reports the others per case, one audit entry per case', async () => {
    const free = await seedLocalCase(ctx.database.db, { at: clock.now() });
    const claimed = await seedLocalCase(ctx.database.db, { at: clock.now() });
    const done = await seedLocalCase(ctx.database.db, { status: 'Approved', at: clock.now() });
    expect((await send(ctx.as.bob, 'POST', `/api/sessions/${claimed.sessionId}/claim`)).status).toBe(200);
    const res = await send(ctx.as.lead, 'POST', '/api/review/bulk/assign', {
      session_ids: [free.sessionId, claimed.sessionId, done.sessionId, 'no-such-session'],
      user_id: ctx.as.alice.user.id,
    });
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as { results: { ok: boolean; error?: { code: string } }[] };
    expect(results.map((r) => (r.ok ? 'ok' : r.error?.code))).toEqual([
      'ok',
      'CLAIMED_BY_OTHER',
      'STATUS_NOT_ELIGIBLE',
      'NOT_FOUND',
    ]);
    expect(await assignedTo(free.sessionId)).toBe(ctx.as.alice.user.id);
    expect(await assignedTo(claimed.sessionId)).toBeUndefined();
    expect(await assignedTo(done.sessionId)).toBeUndefined();
    expect((await audit(free.sessionId)).map((a) => a.action)).toEqual(['review.assign']);
    expect((await audit(claimed.sessionId)).map((a) => a.action)).toEqual(['review.claim']);
  });

  it.each([
    ['no cases', { session_ids: [] }],
    ['a bad user id', { session_ids: ['x'], user_id: 'bob' }],
    [
      'too many cases',
      { session_ids: Array.from({ length: 101 }, (_, i) => `s${i}`), user_id: crypto.randomUUID() },
    ],
  ])('refuses %s with VALIDATION', async (_, body) => {
    const res = await send(ctx.as.lead, 'POST', '/api/review/bulk/assign', body);
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe('VALIDATION');
  });

  it('leaves resubmission and AML dispositions to reviewers', async () => {
    const { sessionId } = await seedLocalCase(ctx.database.db, { at: clock.now() });
    for (const path of ['/api/review/bulk/request-resubmission', '/api/review/bulk/dismiss-aml-hits']) {
      const res = await send(ctx.as.lead, 'POST', path, {
        session_ids: [sessionId],
        comment: 'not for admins',
        features: ['LIVENESS'],
      });
      expect(res.status).toBe(403);
    }
  });
});
