import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app.ts';
import { auditTrail } from '../../test/audit.ts';
import { type LoggedIn, loginAs } from '../../test/auth.ts';
import { seedLocalCase, TWO_REVIEWERS } from '../../test/review.ts';
import { fixedClock } from '../platform/clock.ts';

const clock = fixedClock(new Date('2026-11-22T10:00:00Z'));
const ctx = useTestApp({ clock }, TWO_REVIEWERS);

const next = (who: LoggedIn) => ctx.app.request('/api/review/next', { method: 'POST', headers: who.headers });
const minutesAgo = (m: number) => new Date(clock.now().getTime() - m * 60_000);

/** A case that began `at` (Didit's created_at pinned; the generated decision carries its own). */
async function seedAt(at: Date, status = 'In Review') {
  const c = await seedLocalCase(ctx.database.db, { at, status });
  await ctx.database.db
    .updateTable('sessions')
    .set({ didit_created_at: at })
    .where('session_id', '=', c.sessionId)
    .execute();
  return c;
}

/** Every case of this file's database leaves In Review, so each test starts from an empty queue. */
async function emptyQueue() {
  await ctx.database.db.deleteFrom('session_claims').execute();
  await ctx.database.db.deleteFrom('session_assignments').execute();
  await ctx.database.db.updateTable('sessions').set({ status: 'Approved' }).execute();
}

async function stage(sessionId: string, by: LoggedIn, state = 'staged') {
  await ctx.database.db
    .insertInto('review_decisions')
    .values({
      session_id: sessionId,
      new_status: 'Approved',
      comment: 'looks fine',
      reason_codes: [],
      nodes_to_resubmit: null,
      previous_status: 'In Review',
      four_eyes_rules: ['all'],
      state,
      requested_by: by.user.id,
      requested_at: clock.now(),
    })
    .execute();
}

describe('POST /api/review/next', () => {
  it('assigns and claims the oldest In Review case nobody has, and audits both', async () => {
    await emptyQueue();
    const assigned = await seedAt(minutesAgo(60));
    const claimed = await seedAt(minutesAgo(50));
    const staged = await seedAt(minutesAgo(40));
    await seedAt(minutesAgo(35), 'Approved');
    // Decided and sent to Didit, its webhook not yet here: still In Review, but not free.
    const sent = await seedAt(minutesAgo(32));
    await stage(sent.sessionId, ctx.as.bob, 'sent');
    const oldestFree = await seedAt(minutesAgo(30));
    await seedAt(minutesAgo(20));
    await ctx.database.db
      .insertInto('session_assignments')
      .values({
        session_id: assigned.sessionId,
        user_id: ctx.as.bob.user.id,
        assigned_by: ctx.as.bob.user.id,
        assigned_at: clock.now(),
      })
      .execute();
    expect(
      (
        await ctx.app.request(`/api/sessions/${claimed.sessionId}/claim`, {
          method: 'POST',
          headers: ctx.as.bob.headers,
        })
      ).status,
    ).toBe(200);
    // Four-eyes: a case with a decision staged (here by the caller) is not one they may decide now.
    await stage(staged.sessionId, ctx.as.alice);

    const res = await next(ctx.as.alice);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ session_id: oldestFree.sessionId });
    // Assigned to and claimed by the caller.
    for (const table of ['session_assignments', 'session_claims'] as const) {
      const row = await ctx.database.db
        .selectFrom(table)
        .select('user_id')
        .where('session_id', '=', oldestFree.sessionId)
        .executeTakeFirstOrThrow();
      expect(row.user_id, table).toBe(ctx.as.alice.user.id);
    }
    const audit = await auditTrail(ctx.database.db, { sessionId: oldestFree.sessionId });
    expect(audit).toEqual([
      { action: 'review.assign', actor_id: ctx.as.alice.user.id },
      { action: 'review.claim', actor_id: ctx.as.alice.user.id },
    ]);
    // The queue's "Assigned: to me" finds it.
    const mine = await ctx.app.request('/api/sessions?assigned=me&status=In%20Review', {
      headers: ctx.as.alice.headers,
    });
    const body = (await mine.json()) as {
      items: { session_id: string; assigned_to: { id: string } | null }[];
    };
    expect(body.items.map((i) => i.session_id)).toEqual([oldestFree.sessionId]);
    expect(body.items[0]?.assigned_to?.id).toBe(ctx.as.alice.user.id);
  });

  it('answers 404 NO_NEXT_CASE when every In Review case is taken', async () => {
    await emptyQueue();
    const only = await seedAt(minutesAgo(10));
    expect((await next(ctx.as.bob)).status).toBe(200);
    const res = await next(ctx.as.alice);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NO_NEXT_CASE');
    const claim = await ctx.database.db
      .selectFrom('session_claims')
      .select('user_id')
      .where('session_id', '=', only.sessionId)
      .executeTakeFirstOrThrow();
    expect(claim.user_id).toBe(ctx.as.bob.user.id);
  });

  it('gives reviewers asking at the same time different cases', async () => {
    await emptyQueue();
    const cases = [];
    for (let i = 0; i < 6; i++) cases.push(await seedAt(minutesAgo(100 - i)));
    const reviewers = [ctx.as.alice, ctx.as.bob];
    for (let i = 0; i < 4; i++)
      reviewers.push(await loginAs(ctx.app, ctx.database, ['reviewer'], { now: clock.now() }));
    const answers = await Promise.all(reviewers.map((r) => next(r)));
    expect(answers.map((a) => a.status)).toEqual(reviewers.map(() => 200));
    const ids = await Promise.all(
      answers.map(async (a) => ((await a.json()) as { session_id: string }).session_id),
    );
    expect(new Set(ids).size).toBe(reviewers.length);
    const rows = await ctx.database.db
      .selectFrom('session_assignments')
      .select(['session_id', 'user_id'])
      .execute();
    expect(rows).toHaveLength(reviewers.length);
    for (const [i, r] of reviewers.entries())
      expect(rows.find((row) => row.session_id === ids[i])?.user_id).toBe(r.user.id);
  });

  it('is for reviewers only, and needs the CSRF token', async () => {
    await emptyQueue();
    await seedAt(minutesAgo(5));
    for (const roles of [['admin'], ['auditor'], ['partner_manager']] as const) {
      const who = await loginAs(ctx.app, ctx.database, [...roles], { now: clock.now() });
      const res = await next(who);
      expect(res.status).toBe(403);
    }
    const noCsrf = await ctx.app.request('/api/review/next', {
      method: 'POST',
      headers: { cookie: ctx.as.alice.cookie },
    });
    expect(noCsrf.status).toBe(403);
    expect(((await noCsrf.json()) as { error: { code: string } }).error.code).toBe('CSRF');
    expect(await ctx.database.db.selectFrom('session_assignments').select('session_id').execute()).toEqual(
      [],
    );
  });

  it('is in the OpenAPI document', async () => {
    const res = await ctx.app.request('/api/openapi.json', { headers: ctx.as.alice.headers });
    const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
    expect(doc.paths['/api/review/next']?.post).toBeDefined();
    expect(doc.paths['/api/sessions/{id}/assignment']?.put).toBeDefined();
  });
});
