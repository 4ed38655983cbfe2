/**
 * Four-eyes looks at a case's history, not only its current state (issue 14, item 2): replayed against
 * the sandbox over real HTTP, as in review-sandbox.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { auditEntry } from '../../test/audit.ts';
import type { LoggedIn } from '../../test/auth.ts';
import { useSandboxedConsole } from '../../test/review.ts';

const ctx = useSandboxedConsole(
  { env: { FOUR_EYES: 'approve_with_confirmed_aml,overturn_decline' } },
  { alice: [['reviewer'], { name: 'Alice' }], bob: [['reviewer'], { name: 'Bob' }] },
);
const { send, seed, sessionRow, untilStatus } = ctx;

const claim = async (who: LoggedIn, id: string) =>
  expect((await send(who, 'POST', `/api/sessions/${id}/claim`)).status).toBe(200);
const decisionRows = (id: string) =>
  ctx.database.db.selectFrom('review_decisions').selectAll().where('session_id', '=', id).execute();

const decide = (who: LoggedIn, id: string, new_status: string, extra: Record<string, unknown> = {}) =>
  send(who, 'POST', `/api/sessions/${id}/status`, {
    new_status,
    comment: `${new_status} by ${who.user.name}`,
    ...extra,
  });
/** A reviewer sets an AML hit's review status, with the comment every disposition needs. */
const setHit = (who: LoggedIn, id: string, hitId: string, review_status: string) =>
  send(who, 'PATCH', `/api/sessions/${id}/aml-hits/${hitId}`, {
    review_status,
    comment: 'reviewed against the source',
  });
const stagedRules = async (res: Response) => {
  expect(res.status).toBe(202);
  return ((await res.json()) as { staged: { id: string; four_eyes_rules: string[] } }).staged;
};

describe('four-eyes looks at the history of the case', () => {
  it('a decline sent back as Resubmitted still needs a second reviewer to approve', async () => {
    const [id] = (await seed(['Declined'])) as [string];
    await claim(ctx.as.alice, id);
    const resubmit = await decide(ctx.as.alice, id, 'Resubmitted', {
      nodes_to_resubmit: [{ node_id: 'feature_ocr', feature: 'ID_VERIFICATION' }],
    });
    expect(resubmit.status).toBe(200);
    await untilStatus(id, 'Resubmitted');

    await claim(ctx.as.alice, id);
    const staged = await stagedRules(await decide(ctx.as.alice, id, 'Approved'));
    expect(staged.four_eyes_rules).toEqual(['overturn_decline']);
    expect((await send(ctx.as.alice, 'POST', `/api/review/pending/${staged.id}/confirm`)).status).toBe(403);
    await ctx.sandbox.idle();
    expect((await sessionRow(id))?.status).toBe('Resubmitted');
    expect((await decisionRows(id)).filter((r) => r.new_status === 'Approved' && r.state === 'sent')).toEqual(
      [],
    );
  });

  it('an approval after a hit was ever confirmed needs a second reviewer; downgrading a confirmed hit needs one too', async () => {
    const [id] = (await seed(['review_aml_hit'])) as [string];
    const decision = (await sessionRow(id))?.decision as {
      aml_screenings: { node_id: string; hits: { id: string }[] }[];
    };
    const hitId = decision.aml_screenings[0]!.hits[0]!.id;
    // Bob confirms the hit as a match.
    expect((await setHit(ctx.as.bob, id, hitId, 'Confirmed Match')).status).toBe(200);

    // Alice stages an approval (four-eyes), withdraws it, and tries to downgrade the hit herself.
    await claim(ctx.as.alice, id);
    const staged = await stagedRules(await decide(ctx.as.alice, id, 'Approved'));
    expect(staged.four_eyes_rules).toEqual(['approve_with_confirmed_aml']);
    expect(
      (await send(ctx.as.alice, 'POST', `/api/review/pending/${staged.id}/reject`, { comment: 'withdrawn' }))
        .status,
    ).toBe(200);
    const downgrade = await setHit(ctx.as.alice, id, hitId, 'False Positive');
    expect(downgrade.status).toBe(202);
    expect(await downgrade.json()).toMatchObject({
      staged: {
        hit_id: hitId,
        review_status: 'False Positive',
        requested_by: ctx.as.alice.user.id,
      },
    });
    const again = await setHit(ctx.as.alice, id, hitId, 'False Positive');
    expect(again.status).toBe(403);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('FOUR_EYES_SAME_REVIEWER');
    const stillConfirmed = (await sessionRow(id))?.decision as {
      aml_screenings: { hits: { id: string; review_status: string }[] }[];
    };
    expect(stillConfirmed.aml_screenings[0]!.hits.find((h) => h.id === hitId)?.review_status).toBe(
      'Confirmed Match',
    );

    // A second reviewer agrees: the downgrade reaches Didit, and the audit entry names both.
    await send(ctx.as.alice, 'DELETE', `/api/sessions/${id}/claim`);
    const agreed = await setHit(ctx.as.bob, id, hitId, 'False Positive');
    expect(agreed.status).toBe(200);
    const audit = await auditEntry(ctx.database.db, id, 'review.aml_hit');
    expect(audit).toMatchObject({
      actor_id: ctx.as.bob.user.id,
      details: { four_eyes: { requested_by: ctx.as.alice.user.id } },
    });

    // With no confirmed hit left, the approval still needs four eyes: one was confirmed once.
    await claim(ctx.as.alice, id);
    const after = await stagedRules(await decide(ctx.as.alice, id, 'Approved'));
    expect(after.four_eyes_rules).toEqual(['approve_with_confirmed_aml']);
  });
});
