/**
 * Reviewing against the sandbox over real HTTP: the console listens on a port, the sandbox delivers its
 * signed webhooks there, and every Didit call goes through the real client.
 */
import { describe, expect, it } from 'vitest';
import { auditEntry, auditTrail } from '../../test/audit.ts';
import type { LoggedIn } from '../../test/auth.ts';
import { seedLocalCase, useSandboxedConsole } from '../../test/review.ts';

const ctx = useSandboxedConsole(
  { env: { FOUR_EYES: 'approve_with_confirmed_aml,overturn_decline' } },
  {
    alice: [['reviewer'], { name: 'Alice' }],
    bob: [['reviewer'], { name: 'Bob' }],
    auditor: [['auditor']],
  },
);
const { send, seed, sessionRow, untilStatus } = ctx;

const claim = async (who: LoggedIn, id: string) =>
  expect((await send(who, 'POST', `/api/sessions/${id}/claim`)).status).toBe(200);
const decisionRows = (id: string) =>
  ctx.database.db.selectFrom('review_decisions').selectAll().where('session_id', '=', id).execute();
const updateStatusCalls = (id: string) =>
  ctx.sandbox.deliveries().filter((d) => d.session_id === id && d.webhook_type === 'status.updated').length;

describe('decisions through Didit', () => {
  it('approves a claimed case: 200 after Didit answered, then the webhook moves the session', async () => {
    const [id] = (await seed(['In Review'])) as [string];
    await claim(ctx.as.alice, id);
    const res = await send(ctx.as.alice, 'POST', `/api/sessions/${id}/status`, {
      new_status: 'Approved',
      comment: '  Documents and selfie check out.  ',
      reason_codes: ['EVIDENCE_VERIFIED'],
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { session_id: string; decision: Record<string, unknown> };
    expect(body.session_id).toBe(id);
    expect(body.decision).toMatchObject({
      session_id: id,
      new_status: 'Approved',
      comment: 'Documents and selfie check out.',
      reason_codes: ['EVIDENCE_VERIFIED'],
      state: 'sent',
      previous_status: 'In Review',
      requested_by: { id: ctx.as.alice.user.id, name: 'Alice' },
      didit: { http_status: 200, error_code: null },
    });
    const [row] = await decisionRows(id);
    expect(row).toMatchObject({ state: 'sent', didit_http_status: 200, requested_by: ctx.as.alice.user.id });

    await untilStatus(id, 'Approved');
    const view = await ctx.app.request(`/api/sessions/${id}`, { headers: ctx.as.auditor.headers });
    expect(((await view.json()) as { session: { status: string } }).session.status).toBe('Approved');

    // The case is done: the claim went with the decision, and the audit log has the decision.
    const review = (await (
      await ctx.app.request(`/api/sessions/${id}/review`, { headers: ctx.as.bob.headers })
    ).json()) as {
      claim: unknown;
      decisions: { state: string }[];
    };
    expect(review.claim).toBeNull();
    expect(review.decisions.map((d) => d.state)).toEqual(['sent']);
    const audit = await auditEntry(ctx.database.db, id, 'review.decision');
    expect(audit).toMatchObject({
      actor_id: ctx.as.alice.user.id,
      before: { status: 'In Review' },
      after: { new_status: 'Approved', reason_codes: ['EVIDENCE_VERIFIED'] },
    });
  });

  it('requests resubmission of a chosen node', async () => {
    const [id] = (await seed(['In Review'])) as [string];
    await claim(ctx.as.alice, id);
    const res = await send(ctx.as.alice, 'POST', `/api/sessions/${id}/status`, {
      new_status: 'Resubmitted',
      comment: 'The document photo is blurred',
      reason_codes: ['DOCUMENT_UNREADABLE'],
      nodes_to_resubmit: [{ node_id: 'feature_ocr', feature: 'ID_VERIFICATION' }],
    });
    expect(res.status).toBe(200);
    const { decision } = (await res.json()) as { decision: { nodes_to_resubmit: unknown; state: string } };
    expect(decision.state).toBe('sent');
    expect(decision.nodes_to_resubmit).toEqual([{ node_id: 'feature_ocr', feature: 'ID_VERIFICATION' }]);
    await untilStatus(id, 'Resubmitted');
  });

  it('records a Didit failure as a failed attempt and answers with its envelope', async () => {
    const [id] = (await seed(['In Review'])) as [string];
    await claim(ctx.as.alice, id);
    const before = updateStatusCalls(id);
    ctx.sandbox.faults.set({ status5xxRate: 1, paths: /update-status/ });
    let res: Response;
    try {
      res = await send(ctx.as.alice, 'POST', `/api/sessions/${id}/status`, {
        new_status: 'Declined',
        comment: 'Face does not match',
        reason_codes: ['FACE_MISMATCH'],
      });
    } finally {
      ctx.sandbox.faults.clear();
    }
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('DIDIT_UNAVAILABLE');
    const [row] = await decisionRows(id);
    expect(row).toMatchObject({ state: 'failed', error_code: 'DIDIT_UNAVAILABLE' });
    expect([500, 502, 503]).toContain(row?.didit_http_status);
    await ctx.sandbox.idle();
    expect((await sessionRow(id))?.status).toBe('In Review');
    expect(updateStatusCalls(id)).toBe(before);
    // The claim stays with the reviewer, who can try again.
    const retry = await send(ctx.as.alice, 'POST', `/api/sessions/${id}/status`, {
      new_status: 'Declined',
      comment: 'Face does not match',
      reason_codes: ['FACE_MISMATCH'],
    });
    expect(retry.status).toBe(200);
    await untilStatus(id, 'Declined');
    expect((await decisionRows(id)).map((r) => r.state).sort()).toEqual(['failed', 'sent']);
  });

  it('maps Didit’s 404 for a session it does not know, and records it', async () => {
    const { sessionId } = await seedLocalCase(ctx.database.db);
    await claim(ctx.as.alice, sessionId);
    const res = await send(ctx.as.alice, 'POST', `/api/sessions/${sessionId}/status`, {
      new_status: 'Approved',
      comment: 'Looks fine',
    });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    expect(await decisionRows(sessionId)).toMatchObject([
      { state: 'failed', didit_http_status: 404, error_code: 'NOT_FOUND' },
    ]);
  });
});

describe('four-eyes through Didit', () => {
  it('a second reviewer confirms an overturned decline and the webhook approves it', async () => {
    const [id] = (await seed(['Declined'])) as [string];
    await claim(ctx.as.alice, id);
    const staged = await send(ctx.as.alice, 'POST', `/api/sessions/${id}/status`, {
      new_status: 'Approved',
      comment: 'Decline was a false alarm',
      reason_codes: ['DECLINE_OVERTURNED'],
    });
    expect(staged.status).toBe(202);
    const { staged: s } = (await staged.json()) as { staged: { id: string } };
    await ctx.sandbox.idle();
    expect((await sessionRow(id))?.status).toBe('Declined');

    expect((await send(ctx.as.alice, 'POST', `/api/review/pending/${s.id}/confirm`)).status).toBe(403);
    const confirmed = await send(ctx.as.bob, 'POST', `/api/review/pending/${s.id}/confirm`);
    expect(confirmed.status).toBe(200);
    const { decision } = (await confirmed.json()) as { decision: Record<string, unknown> };
    expect(decision).toMatchObject({
      id: s.id,
      state: 'sent',
      requested_by: { id: ctx.as.alice.user.id },
      confirmed_by: { id: ctx.as.bob.user.id, name: 'Bob' },
      four_eyes_rules: ['overturn_decline'],
    });
    await untilStatus(id, 'Approved');
    const actions = await auditTrail(ctx.database.db, { subjectId: s.id });
    expect(actions).toEqual([
      { action: 'review.decision_staged', actor_id: ctx.as.alice.user.id },
      { action: 'review.decision_confirmed', actor_id: ctx.as.bob.user.id },
      { action: 'review.decision', actor_id: ctx.as.bob.user.id },
    ]);
  });
});

describe('AML dispositions', () => {
  it('sends a disposition to Didit, re-fetches the decision and updates the unreviewed count', async () => {
    const [id] = (await seed(['review_aml_hit'])) as [string];
    const before = await sessionRow(id);
    if (!before) throw new Error('session not synced');
    const screenings = (
      before.decision as {
        aml_screenings: { node_id: string; hits: { id: string; review_status: string }[] }[];
      }
    ).aml_screenings;
    const hit = screenings
      .flatMap((s) => s.hits.map((h) => ({ ...h, node_id: s.node_id })))
      .find((h) => h.review_status === 'Unreviewed');
    expect(hit, 'an unreviewed hit').toBeDefined();
    const unreviewed = before.aml_unreviewed_hits;
    expect(unreviewed).toBeGreaterThan(0);

    const res = await send(ctx.as.alice, 'PATCH', `/api/sessions/${id}/aml-hits/${hit!.id}`, {
      review_status: 'False Positive',
      comment: 'Checked against the screened data.',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      hit: { id: hit!.id, node_id: hit!.node_id, review_status: 'False Positive' },
      previous_review_status: 'Unreviewed',
      aml_unreviewed_hits: unreviewed - 1,
      refreshed: true,
    });
    expect((await sessionRow(id))?.aml_unreviewed_hits).toBe(unreviewed - 1);
    const audit = await auditEntry(ctx.database.db, id, 'review.aml_hit');
    expect(audit).toMatchObject({
      actor_id: ctx.as.alice.user.id,
      before: { review_status: 'Unreviewed' },
      after: { review_status: 'False Positive' },
    });

    const unknown = await send(ctx.as.alice, 'PATCH', `/api/sessions/${id}/aml-hits/not-a-hit`, {
      review_status: 'Inconclusive',
      comment: 'Checked against the screened data.',
    });
    expect(unknown.status).toBe(404);
    const bad = await send(ctx.as.alice, 'PATCH', `/api/sessions/${id}/aml-hits/${hit!.id}`, {
      review_status: 'Maybe',
      comment: 'Checked against the screened data.',
    });
    expect(bad.status).toBe(400);
  });

  it('refuses a disposition while another reviewer holds the case', async () => {
    const [id] = (await seed(['review_aml_hit'])) as [string];
    const decision = (await sessionRow(id))?.decision as { aml_screenings: { hits: { id: string }[] }[] };
    const hitId = decision.aml_screenings[0]!.hits[0]!.id;
    await claim(ctx.as.bob, id);
    const res = await send(ctx.as.alice, 'PATCH', `/api/sessions/${id}/aml-hits/${hitId}`, {
      review_status: 'Confirmed Match',
      comment: 'Checked against the screened data.',
    });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('CLAIMED_BY_OTHER');
  });
});

describe('media', () => {
  it('lists a case’s images and streams one through the console, uncached', async () => {
    const [id] = (await seed(['In Review'])) as [string];
    // Images are the reviewers' (least privilege): an auditor is refused both the list and the bytes.
    expect(
      (await ctx.app.request(`/api/sessions/${id}/media`, { headers: ctx.as.auditor.headers })).status,
    ).toBe(403);
    expect(
      (await ctx.app.request(`/api/sessions/${id}/media/portrait-0`, { headers: ctx.as.auditor.headers }))
        .status,
    ).toBe(403);
    const list = await ctx.app.request(`/api/sessions/${id}/media`, { headers: ctx.as.alice.headers });
    expect(list.status).toBe(200);
    const { items } = (await list.json()) as {
      items: { key: string; label: string; node_id: string; feature: string }[];
    };
    expect(items.map((i) => i.key)).toEqual(
      expect.arrayContaining([
        'portrait-0',
        'document_front-0',
        'liveness_reference-0',
        'face_match_source-0',
      ]),
    );
    expect(items.find((i) => i.key === 'portrait-0')).toEqual({
      key: 'portrait-0',
      label: 'Portrait',
      node_id: 'feature_ocr',
      feature: 'ID_VERIFICATION',
    });
    expect(JSON.stringify(items)).not.toContain('http');

    const image = await ctx.app.request(`/api/sessions/${id}/media/portrait-0`, {
      headers: ctx.as.alice.headers,
    });
    expect(image.status).toBe(200);
    // The sandbox draws SVG specimens; Didit's raster types are served in any mode.
    expect(image.headers.get('content-type')).toMatch(/^image\/(jpeg|png|webp|gif|avif|svg\+xml)$/);
    expect(image.headers.get('cache-control')).toBe('no-store');
    const bytes = new Uint8Array(await image.arrayBuffer());
    expect(bytes.length).toBeGreaterThan(8);
    expect(Buffer.from(bytes).toString('utf8')).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);

    const missing = await ctx.app.request(`/api/sessions/${id}/media/portrait-9`, {
      headers: ctx.as.alice.headers,
    });
    expect(missing.status).toBe(404);
    const odd = await ctx.app.request(`/api/sessions/${id}/media/..%2Fsecret`, {
      headers: ctx.as.alice.headers,
    });
    expect(odd.status).toBe(404);
  });
});
