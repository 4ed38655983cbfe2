/**
 * Decisions the console refuses or stages on its own, before any call to Didit. The app here has no Didit
 * client at all: a request that reached Didit would answer DIDIT_UNAVAILABLE, so every other code proves
 * the refusal was local.
 */
import { describe, expect, it } from 'vitest';
import { errorOf, expectError, useTestApp } from '../../test/app.ts';
import { auditTrail } from '../../test/audit.ts';
import type { LoggedIn } from '../../test/auth.ts';
import { seedLocalCase } from '../../test/review.ts';

const ctx = useTestApp(
  { env: { FOUR_EYES: 'approve_with_confirmed_aml,overturn_decline' } },
  {
    alice: [['reviewer'], { name: 'Alice' }],
    bob: [['reviewer'], { name: 'Bob' }],
    admin: [['admin']],
    auditor: [['auditor']],
  },
);

const post = (who: LoggedIn, path: string, body?: unknown) =>
  ctx.app.request(path, {
    method: 'POST',
    headers: { ...who.headers, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const decide = (who: LoggedIn, id: string, body: unknown) => post(who, `/api/sessions/${id}/status`, body);
const claim = async (who: LoggedIn, id: string) =>
  expect((await post(who, `/api/sessions/${id}/claim`)).status).toBe(200);
const decisionRows = (id: string) =>
  ctx.database.db.selectFrom('review_decisions').selectAll().where('session_id', '=', id).execute();

/** The console answered `status` with error `code`, and recorded no decision for the session. */
async function expectRefused(res: Response, status: number, code: string, sessionId: string) {
  await expectError(res, status, code);
  expect(await decisionRows(sessionId)).toEqual([]);
}

const approve = { new_status: 'Approved', comment: 'Checked by hand', reason_codes: ['EVIDENCE_VERIFIED'] };

describe('deciding: local refusals', () => {
  it('requires the caller to hold the claim', async () => {
    const { sessionId } = await seedLocalCase(ctx.database.db);
    const res = await decide(ctx.as.alice, sessionId, approve);
    await expectError(res, 409, 'CLAIM_REQUIRED');

    await claim(ctx.as.bob, sessionId);
    const other = await decide(ctx.as.alice, sessionId, approve);
    await expectRefused(other, 409, 'CLAIMED_BY_OTHER', sessionId);
  });

  it.each([
    ['no comment', { new_status: 'Approved' }],
    ['a blank comment', { new_status: 'Approved', comment: '    ' }],
    ['a two-letter comment after trimming', { new_status: 'Approved', comment: '  ok  ' }],
    ['a comment over 2000 characters', { new_status: 'Approved', comment: 'x'.repeat(2001) }],
    ['a status Didit does not take', { new_status: 'In Review', comment: 'Needs a look' }],
    ['a reason code from another decision', { ...approve, reason_codes: ['DOCUMENT_FORGED'] }],
    ['an unknown reason code', { ...approve, reason_codes: ['BECAUSE'] }],
    ['Resubmitted without nodes', { new_status: 'Resubmitted', comment: 'Redo the document' }],
    [
      'Resubmitted with a node the session lacks',
      {
        new_status: 'Resubmitted',
        comment: 'Redo it',
        nodes_to_resubmit: [{ node_id: 'nope', feature: 'POA' }],
      },
    ],
    [
      'Resubmitted with a node under the wrong feature',
      {
        new_status: 'Resubmitted',
        comment: 'Redo it',
        nodes_to_resubmit: [{ node_id: 'feature_ocr', feature: 'LIVENESS' }],
      },
    ],
    [
      'nodes on an approval',
      { ...approve, nodes_to_resubmit: [{ node_id: 'feature_ocr', feature: 'ID_VERIFICATION' }] },
    ],
  ])('refuses %s with VALIDATION', async (_label, body) => {
    const { sessionId } = await seedLocalCase(ctx.database.db);
    await claim(ctx.as.alice, sessionId);
    const res = await decide(ctx.as.alice, sessionId, body);
    await expectRefused(res, 400, 'VALIDATION', sessionId);
  });

  it('refuses to resubmit KYB registry and key-people steps', async () => {
    const { sessionId } = await seedLocalCase(ctx.database.db, { kind: 'business', status: 'IN_REVIEW' });
    await claim(ctx.as.alice, sessionId);
    for (const feature of ['KYB_REGISTRY', 'KYB_KEY_PEOPLE']) {
      const node = feature === 'KYB_REGISTRY' ? 'feature_kyb_registry' : 'feature_kyb_key_people';
      const res = await decide(ctx.as.alice, sessionId, {
        new_status: 'Resubmitted',
        comment: 'Redo the registry',
        nodes_to_resubmit: [{ node_id: node, feature }],
      });
      const error = await expectError(res, 400, 'VALIDATION');
      expect(error.message).toContain('cannot be resubmitted');
    }
    expect(await decisionRows(sessionId)).toEqual([]);
  });

  it.each([
    ['Not Started', 'Approved'],
    ['In Progress', 'Declined'],
    ['Expired', 'Approved'],
    ['Awaiting User', 'Approved'],
    ['IN_PROGRESS', 'Approved'],
    ['Approved', 'Approved'],
    ['DECLINED', 'Declined'],
  ])('refuses a session in %s → %s without calling Didit', async (status, newStatus) => {
    const { sessionId } = await seedLocalCase(ctx.database.db, {
      status,
      kind: status === status.toUpperCase() ? 'business' : 'user',
    });
    await claim(ctx.as.alice, sessionId);
    const res = await decide(ctx.as.alice, sessionId, {
      new_status: newStatus,
      comment: 'Trying anyway',
      reason_codes: [],
    });
    expect(res.status).toBe(409);
    const body = (await res.json()) as { error: { code: string; details: Record<string, unknown> } };
    expect(body.error.code).toBe('STATUS_NOT_ELIGIBLE');
    expect(body.error.details).toEqual({ current_status: status, new_status: newStatus });
    expect(await decisionRows(sessionId)).toEqual([]);
  });

  it('answers DIDIT_UNAVAILABLE, with no row, when a valid decision finds no Didit client', async () => {
    const { sessionId } = await seedLocalCase(ctx.database.db);
    await claim(ctx.as.alice, sessionId);
    const res = await decide(ctx.as.alice, sessionId, approve);
    await expectRefused(res, 503, 'DIDIT_UNAVAILABLE', sessionId);
  });

  it('serves the reason-code catalogue to every role', async () => {
    const res = await ctx.app.request('/api/review/reason-codes', { headers: ctx.as.auditor.headers });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { reason_codes: Record<string, { code: string; label: string }[]> };
    expect(Object.keys(body.reason_codes)).toEqual(['Approved', 'Declined', 'Resubmitted']);
    expect(body.reason_codes.Declined).toContainEqual({
      code: 'AML_CONFIRMED_MATCH',
      label: expect.any(String),
    });
  });
});

describe('four-eyes', () => {
  const confirmedAml = (decision: Record<string, unknown>) => ({
    ...decision,
    aml_screenings: [
      {
        status: 'In Review',
        node_id: 'feature_aml',
        total_hits: 1,
        hits: [{ id: 'hit-confirmed', review_status: 'Confirmed Match', match_score: 97, risk_score: 90 }],
        warnings: [],
      },
    ],
  });

  it('stages approving a case with a confirmed AML match; its author cannot confirm it', async () => {
    const base = await seedLocalCase(ctx.database.db);
    const { sessionId } = await seedLocalCase(ctx.database.db, { decision: confirmedAml(base.decision) });
    await claim(ctx.as.alice, sessionId);
    const res = await decide(ctx.as.alice, sessionId, { ...approve, reason_codes: ['AML_ACCEPTABLE_RISK'] });
    expect(res.status).toBe(202);
    const { staged } = (await res.json()) as { staged: Record<string, unknown> & { id: string } };
    expect(staged).toMatchObject({
      session_id: sessionId,
      new_status: 'Approved',
      comment: 'Checked by hand',
      reason_codes: ['AML_ACCEPTABLE_RISK'],
      state: 'staged',
      four_eyes_rules: ['approve_with_confirmed_aml'],
      previous_status: 'In Review',
      requested_by: { id: ctx.as.alice.user.id, name: 'Alice' },
      confirmed_by: null,
      didit: null,
    });
    const [row] = await decisionRows(sessionId);
    expect(row).toMatchObject({ id: staged.id, state: 'staged', requested_by: ctx.as.alice.user.id });

    // A second decision waits for the first.
    const again = await decide(ctx.as.alice, sessionId, {
      new_status: 'Declined',
      comment: 'Changed my mind',
    });
    await expectError(again, 409, 'DECISION_PENDING');

    const same = await post(ctx.as.alice, `/api/review/pending/${staged.id}/confirm`);
    await expectError(same, 403, 'FOUR_EYES_SAME_REVIEWER');
    expect((await decisionRows(sessionId))[0]?.state).toBe('staged');

    const pending = await ctx.app.request('/api/review/pending', { headers: ctx.as.auditor.headers });
    expect(pending.status).toBe(200);
    const list = (await pending.json()) as { items: { id: string }[]; next_cursor: string | null };
    expect(list.items.map((i) => i.id)).toContain(staged.id);

    const review = await ctx.app.request(`/api/sessions/${sessionId}/review`, {
      headers: ctx.as.auditor.headers,
    });
    const view = (await review.json()) as { pending: { id: string } | null; decisions: { id: string }[] };
    expect(view.pending?.id).toBe(staged.id);
    expect(view.decisions.map((d) => d.id)).toEqual([staged.id]);

    const actions = await ctx.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('session_id', '=', sessionId)
      .orderBy('seq')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['review.claim', 'review.decision_staged']);
  });

  it('stages overturning a decline, and a second reviewer can reject it with a comment', async () => {
    const { sessionId } = await seedLocalCase(ctx.database.db, { status: 'Declined' });
    await claim(ctx.as.alice, sessionId);
    const res = await decide(ctx.as.alice, sessionId, { ...approve, reason_codes: ['DECLINE_OVERTURNED'] });
    expect(res.status).toBe(202);
    const { staged } = (await res.json()) as { staged: { id: string; four_eyes_rules: string[] } };
    expect(staged.four_eyes_rules).toEqual(['overturn_decline']);

    const noComment = await post(ctx.as.bob, `/api/review/pending/${staged.id}/reject`, { comment: ' ' });
    expect(noComment.status).toBe(400);

    const rejected = await post(ctx.as.bob, `/api/review/pending/${staged.id}/reject`, {
      comment: 'Decline stands',
    });
    expect(rejected.status).toBe(200);
    const { decision } = (await rejected.json()) as { decision: Record<string, unknown> };
    expect(decision).toMatchObject({
      state: 'rejected',
      rejected_by: { id: ctx.as.bob.user.id, name: 'Bob' },
      reject_comment: 'Decline stands',
    });
    expect((await decisionRows(sessionId))[0]).toMatchObject({
      state: 'rejected',
      rejected_by: ctx.as.bob.user.id,
    });
    const again = await post(ctx.as.bob, `/api/review/pending/${staged.id}/confirm`);
    await expectError(again, 409, 'CONFLICT');
    const audit = await auditTrail(ctx.database.db, { subjectId: staged.id });
    expect(audit).toEqual([
      { action: 'review.decision_staged', actor_id: ctx.as.alice.user.id },
      { action: 'review.decision_rejected', actor_id: ctx.as.bob.user.id },
    ]);
  });

  it('does not stage a decline of a case with a confirmed match', async () => {
    const base = await seedLocalCase(ctx.database.db);
    const { sessionId } = await seedLocalCase(ctx.database.db, { decision: confirmedAml(base.decision) });
    await claim(ctx.as.alice, sessionId);
    // Not staged: it goes for Didit, which this app does not have.
    const res = await decide(ctx.as.alice, sessionId, {
      new_status: 'Declined',
      comment: 'Sanctions match',
      reason_codes: ['AML_CONFIRMED_MATCH'],
    });
    expect((await errorOf(res)).code).toBe('DIDIT_UNAVAILABLE');
  });
});

describe('auditors and writes', () => {
  it('refuses an auditor every write route', async () => {
    const { sessionId } = await seedLocalCase(ctx.database.db);
    const id = '00000000-0000-4000-8000-000000000001';
    const writes: [string, string, unknown][] = [
      ['POST', `/api/sessions/${sessionId}/claim`, undefined],
      ['DELETE', `/api/sessions/${sessionId}/claim`, undefined],
      ['POST', `/api/sessions/${sessionId}/status`, approve],
      ['POST', `/api/sessions/${sessionId}/notes`, { body: 'A note' }],
      ['PATCH', `/api/sessions/${sessionId}/aml-hits/hit-1`, { review_status: 'False Positive' }],
      ['POST', `/api/review/pending/${id}/confirm`, undefined],
      ['POST', `/api/review/pending/${id}/reject`, { comment: 'No way' }],
    ];
    for (const [method, path, body] of writes) {
      const res = await ctx.app.request(path, {
        method,
        headers: { ...ctx.as.auditor.headers, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect((await errorOf(res)).code).toBe('FORBIDDEN');
    }
    expect(await decisionRows(sessionId)).toEqual([]);
    const notes = await ctx.database.db
      .selectFrom('review_notes')
      .selectAll()
      .where('session_id', '=', sessionId)
      .execute();
    expect(notes).toEqual([]);
  });

  it('refuses an admin a decision (admins manage claims, reviewers decide)', async () => {
    const { sessionId } = await seedLocalCase(ctx.database.db);
    await claim(ctx.as.admin, sessionId);
    const res = await decide(ctx.as.admin, sessionId, approve);
    expect(res.status).toBe(403);
  });
});

describe('notes', () => {
  it('appends notes, lists them to any role, and audits each without its text', async () => {
    const { sessionId } = await seedLocalCase(ctx.database.db);
    const first = await post(ctx.as.alice, `/api/sessions/${sessionId}/notes`, {
      body: '  Called the customer.  ',
    });
    expect(first.status).toBe(201);
    const { note } = (await first.json()) as { note: Record<string, unknown> & { id: string } };
    expect(note).toMatchObject({
      session_id: sessionId,
      author: { id: ctx.as.alice.user.id, name: 'Alice' },
      body: 'Called the customer.',
    });
    expect(
      (await post(ctx.as.admin, `/api/sessions/${sessionId}/notes`, { body: 'Escalated.' })).status,
    ).toBe(201);
    expect((await post(ctx.as.bob, `/api/sessions/${sessionId}/notes`, { body: '' })).status).toBe(400);

    const list = await ctx.app.request(`/api/sessions/${sessionId}/notes`, {
      headers: ctx.as.auditor.headers,
    });
    expect(list.status).toBe(200);
    const { items } = (await list.json()) as { items: { body: string }[] };
    expect(items.map((n) => n.body)).toEqual(['Called the customer.', 'Escalated.']);

    const audit = await ctx.database.db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('subject_id', '=', note.id)
      .executeTakeFirstOrThrow();
    expect(audit.action).toBe('review.note');
    expect(JSON.stringify(audit.after)).not.toContain('Called');

    // Append-only in the database itself.
    await expect(
      ctx.database.db
        .updateTable('review_notes')
        .set({ body: 'rewritten' })
        .where('id', '=', note.id)
        .execute(),
    ).rejects.toThrow(/append-only/);
  });

  it('answers 404 for notes on an unknown session', async () => {
    const res = await post(ctx.as.alice, '/api/sessions/00000000-0000-4000-8000-00000000abcd/notes', {
      body: 'x',
    });
    expect(res.status).toBe(404);
  });
});
