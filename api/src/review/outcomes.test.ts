import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app.ts';
import { type LoggedIn, loginAs } from '../../test/auth.ts';
import { seedLocalCase } from '../../test/review.ts';
import { fixedClock } from '../platform/clock.ts';

/**
 * The requester's side of four-eyes (withdraw, outcomes, the second reviewer's "awaiting me" list) and
 * claims that lapse after CLAIM_IDLE_MINUTES counted from the holder's actions only.
 */
const clock = fixedClock(new Date('2026-12-01T10:00:00Z'));
const ctx = useTestApp(
  { clock, env: { CLAIM_IDLE_MINUTES: '10' } },
  {
    alice: [['reviewer'], { name: 'Alice Requester', now: clock.now() }],
    bob: [['reviewer'], { name: 'Bob Second', now: clock.now() }],
    carol: [['reviewer'], { name: 'Carol Third', now: clock.now() }],
  },
);

const call = (who: LoggedIn, method: string, path: string, body?: unknown) =>
  ctx.app.request(path, {
    method,
    headers: { ...who.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

/** A Declined case approved by Alice: overturning a decline is staged for a second reviewer. */
async function stagedByAlice(): Promise<{ sessionId: string; decisionId: string }> {
  const { sessionId } = await seedLocalCase(ctx.database.db, { status: 'Declined', at: clock.now() });
  expect((await call(ctx.as.alice, 'POST', `/api/sessions/${sessionId}/claim`)).status).toBe(200);
  const res = await call(ctx.as.alice, 'POST', `/api/sessions/${sessionId}/status`, {
    new_status: 'Approved',
    comment: 'Documents were fine after all',
  });
  expect(res.status).toBe(202);
  const body = (await res.json()) as { staged: { id: string } };
  return { sessionId, decisionId: body.staged.id };
}

const decisionRow = (id: string) =>
  ctx.database.db.selectFrom('review_decisions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const claimRow = (id: string) =>
  ctx.database.db.selectFrom('session_claims').selectAll().where('session_id', '=', id).executeTakeFirst();

describe('four-eyes, the requester and the second reviewer', () => {
  it('the requester withdraws their staged decision; the case can be decided again', async () => {
    const { sessionId, decisionId } = await stagedByAlice();
    const refused = await call(ctx.as.alice, 'POST', `/api/sessions/${sessionId}/status`, {
      new_status: 'Approved',
      comment: 'once more',
    });
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('DECISION_PENDING');

    const res = await call(ctx.as.alice, 'POST', `/api/review/pending/${decisionId}/withdraw`, {
      comment: 'Wrong case',
    });
    expect(res.status).toBe(200);
    const row = await decisionRow(decisionId);
    expect(row.state).toBe('rejected');
    expect(row.rejected_by).toBe(ctx.as.alice.user.id);
    expect(row.reject_comment).toBe('Wrong case');
    const audit = await ctx.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('subject_id', '=', decisionId)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ action: 'review.decision_withdrawn', actor_id: ctx.as.alice.user.id });

    const restaged = await call(ctx.as.alice, 'POST', `/api/sessions/${sessionId}/status`, {
      new_status: 'Approved',
      comment: 'Staged again, with the right evidence',
    });
    expect(restaged.status).toBe(202);

    // Withdrawn twice: it is no longer staged.
    const again = await call(ctx.as.alice, 'POST', `/api/review/pending/${decisionId}/withdraw`, {});
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('CONFLICT');
  });

  it('nobody but the requester may withdraw (a second reviewer rejects instead)', async () => {
    const { decisionId } = await stagedByAlice();
    const res = await call(ctx.as.bob, 'POST', `/api/review/pending/${decisionId}/withdraw`, {});
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
    expect((await decisionRow(decisionId)).state).toBe('staged');
  });

  it.each<[Record<string, unknown>, string]>([
    [{ comment: 'no' }, 'too short'],
    [{ comment: 42 }, 'not text'],
  ])('refuses a bad withdrawal reason %j (%s) with VALIDATION', async (body) => {
    const { decisionId } = await stagedByAlice();
    const res = await call(ctx.as.alice, 'POST', `/api/review/pending/${decisionId}/withdraw`, body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('VALIDATION');
    expect((await decisionRow(decisionId)).state).toBe('staged');
  });

  it('the second reviewer sees it awaiting their confirmation; the requester does not; after a rejection the requester reads the reason', async () => {
    const { decisionId } = await stagedByAlice();
    const ids = async (who: LoggedIn, path: string) =>
      ((await (await call(who, 'GET', path)).json()) as { items: { id: string }[] }).items.map((d) => d.id);
    expect(await ids(ctx.as.bob, '/api/review/awaiting-me')).toContain(decisionId);
    expect(await ids(ctx.as.alice, '/api/review/awaiting-me')).not.toContain(decisionId);

    const reject = await call(ctx.as.bob, 'POST', `/api/review/pending/${decisionId}/reject`, {
      comment: 'The registry extract is for another company',
    });
    expect(reject.status).toBe(200);
    expect(await ids(ctx.as.bob, '/api/review/awaiting-me')).not.toContain(decisionId);

    const mine = (await (await call(ctx.as.alice, 'GET', '/api/review/mine')).json()) as {
      items: { id: string; state: string; rejected_by: { name: string }; reject_comment: string }[];
    };
    const outcome = mine.items.find((d) => d.id === decisionId);
    expect(outcome).toMatchObject({
      state: 'rejected',
      rejected_by: { name: 'Bob Second' },
      reject_comment: 'The registry extract is for another company',
    });
    // Carol staged nothing: her list is empty, and Alice's outcomes are not hers to see.
    expect(await ids(ctx.as.carol, '/api/review/mine')).toEqual([]);
  });
});

describe('claims lapse after CLAIM_IDLE_MINUTES of the holder doing nothing', () => {
  it('a claim runs 10 minutes from the last action; reading the case does not extend it, a note does', async () => {
    const { sessionId } = await seedLocalCase(ctx.database.db, { at: clock.now() });
    const res = await call(ctx.as.alice, 'POST', `/api/sessions/${sessionId}/claim`);
    const { claim } = (await res.json()) as { claim: { expires_at: string } };
    expect(claim.expires_at).toBe(new Date(clock.now().getTime() + 10 * 60_000).toISOString());

    clock.advance(6 * 60_000);
    // Polling the case and its review state is not work on it.
    expect((await call(ctx.as.alice, 'GET', `/api/sessions/${sessionId}/review`)).status).toBe(200);
    expect((await call(ctx.as.alice, 'GET', `/api/sessions/${sessionId}`)).status).toBe(200);
    expect((await claimRow(sessionId))?.expires_at.toISOString()).toBe(claim.expires_at);

    // A note is: the claim now runs 10 minutes from the note.
    expect(
      (await call(ctx.as.alice, 'POST', `/api/sessions/${sessionId}/notes`, { body: 'Checked the ID' }))
        .status,
    ).toBe(201);
    expect((await claimRow(sessionId))?.expires_at.toISOString()).toBe(
      new Date(clock.now().getTime() + 10 * 60_000).toISOString(),
    );

    // Someone else's note does not extend Alice's claim.
    clock.advance(60_000);
    const before = (await claimRow(sessionId))?.expires_at.toISOString();
    expect(
      (await call(ctx.as.bob, 'POST', `/api/sessions/${sessionId}/notes`, { body: 'Looked too' })).status,
    ).toBe(201);
    expect((await claimRow(sessionId))?.expires_at.toISOString()).toBe(before);

    // Ten idle minutes later the case is free for Bob.
    clock.advance(10 * 60_000);
    const taken = await call(ctx.as.bob, 'POST', `/api/sessions/${sessionId}/claim`);
    expect(taken.status).toBe(200);
    expect((await claimRow(sessionId))?.user_id).toBe(ctx.as.bob.user.id);
  });
});

describe('the login idle timeout counts the person, not the polls', () => {
  it('requests marked x-console-background do not keep an idle login alive', async () => {
    const dave = await loginAs(ctx.app, ctx.database, ['reviewer'], { now: clock.now() });
    const me = (headers: Record<string, string>) => ctx.app.request('/api/auth/me', { headers });
    // 29 minutes of polling only.
    for (let i = 0; i < 29; i++) {
      clock.advance(60_000);
      expect((await me({ ...dave.headers, 'x-console-background': '1' })).status).toBe(200);
    }
    clock.advance(2 * 60_000);
    const res = await me({ ...dave.headers, 'x-console-background': '1' });
    expect(res.status).toBe(401);
    const session = await ctx.database.db
      .selectFrom('login_sessions')
      .select(['ended_reason'])
      .where('user_id', '=', dave.user.id)
      .executeTakeFirstOrThrow();
    expect(session.ended_reason).toBe('idle_timeout');
  });

  it('a request without the mark is the person at work and keeps the login', async () => {
    const erin = await loginAs(ctx.app, ctx.database, ['reviewer'], { now: clock.now() });
    for (let i = 0; i < 3; i++) {
      clock.advance(20 * 60_000);
      expect((await ctx.app.request('/api/auth/me', { headers: erin.headers })).status).toBe(200);
    }
  });
});
