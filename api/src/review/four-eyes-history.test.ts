/**
 * Four-eyes looks at a case's history, not only its current state (issue 14, item 2): replayed against
 * the sandbox over real HTTP, as in review-sandbox.test.ts.
 */
import type { Sandbox } from '@console/sandbox/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoggedIn, loginAs } from '../../test/auth.ts';
import { startSandboxedConsole } from '../../test/review.ts';
import type { Database } from '../platform/db/database.ts';
import { sessionDecision } from '../sessions/sessions.repository.ts';

let harness: Awaited<ReturnType<typeof startSandboxedConsole>>;
let database: Database;
let sandbox: Sandbox;
let app: typeof harness.app;
let alice: LoggedIn;
let bob: LoggedIn;

beforeAll(async () => {
  harness = await startSandboxedConsole({
    env: { FOUR_EYES: 'approve_with_confirmed_aml,overturn_decline' },
  });
  ({ database, sandbox, app } = harness);
  alice = await loginAs(app, database, ['reviewer'], { name: 'Alice' });
  bob = await loginAs(app, database, ['reviewer'], { name: 'Bob' });
});
afterAll(() => harness?.close());

const seed = (statuses: string[], kind: 'user' | 'business' = 'user') => harness.seed(statuses, kind);

const sessionRow = (id: string) =>
  database.db
    .selectFrom('sessions')
    .select(['status', 'aml_unreviewed_hits', sessionDecision.as('decision')])
    .where('session_id', '=', id)
    .executeTakeFirst();
const send = (who: LoggedIn, method: string, path: string, body?: unknown) =>
  app.request(path, {
    method,
    headers: { ...who.headers, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const claim = async (who: LoggedIn, id: string) =>
  expect((await send(who, 'POST', `/api/sessions/${id}/claim`)).status).toBe(200);
const decisionRows = (id: string) =>
  database.db.selectFrom('review_decisions').selectAll().where('session_id', '=', id).execute();
/** Waits for the sandbox's webhook to bring the session to `status`. */
async function untilStatus(id: string, status: string) {
  for (let i = 0; i < 100; i++) {
    await sandbox.idle();
    if ((await sessionRow(id))?.status === status) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`session never reached ${status}; it is ${(await sessionRow(id))?.status}`);
}

const decide = (who: LoggedIn, id: string, new_status: string, extra: Record<string, unknown> = {}) =>
  send(who, 'POST', `/api/sessions/${id}/status`, {
    new_status,
    comment: `${new_status} by ${who.user.name}`,
    ...extra,
  });
const stagedRules = async (res: Response) => {
  expect(res.status).toBe(202);
  return ((await res.json()) as { staged: { id: string; four_eyes_rules: string[] } }).staged;
};

describe('four-eyes looks at the history of the case', () => {
  it('a decline sent back as Resubmitted still needs a second reviewer to approve', async () => {
    const [id] = (await seed(['Declined'])) as [string];
    await claim(alice, id);
    const resubmit = await decide(alice, id, 'Resubmitted', {
      nodes_to_resubmit: [{ node_id: 'feature_ocr', feature: 'ID_VERIFICATION' }],
    });
    expect(resubmit.status).toBe(200);
    await untilStatus(id, 'Resubmitted');

    await claim(alice, id);
    const staged = await stagedRules(await decide(alice, id, 'Approved'));
    expect(staged.four_eyes_rules).toEqual(['overturn_decline']);
    expect((await send(alice, 'POST', `/api/review/pending/${staged.id}/confirm`)).status).toBe(403);
    await sandbox.idle();
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
    expect(
      (
        await send(bob, 'PATCH', `/api/sessions/${id}/aml-hits/${hitId}`, {
          review_status: 'Confirmed Match',
          comment: 'reviewed against the source',
        })
      ).status,
    ).toBe(200);

    // Alice stages an approval (four-eyes), withdraws it, and tries to downgrade the hit herself.
    await claim(alice, id);
    const staged = await stagedRules(await decide(alice, id, 'Approved'));
    expect(staged.four_eyes_rules).toEqual(['approve_with_confirmed_aml']);
    expect(
      (await send(alice, 'POST', `/api/review/pending/${staged.id}/reject`, { comment: 'withdrawn' })).status,
    ).toBe(200);
    const downgrade = await send(alice, 'PATCH', `/api/sessions/${id}/aml-hits/${hitId}`, {
      review_status: 'False Positive',
      comment: 'reviewed against the source',
    });
    expect(downgrade.status).toBe(202);
    expect(await downgrade.json()).toMatchObject({
      staged: {
        hit_id: hitId,
        review_status: 'False Positive',
        requested_by: alice.user.id,
      },
    });
    const again = await send(alice, 'PATCH', `/api/sessions/${id}/aml-hits/${hitId}`, {
      review_status: 'False Positive',
      comment: 'reviewed against the source',
    });
    expect(again.status).toBe(403);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('FOUR_EYES_SAME_REVIEWER');
    const stillConfirmed = (await sessionRow(id))?.decision as {
      aml_screenings: { hits: { id: string; review_status: string }[] }[];
    };
    expect(stillConfirmed.aml_screenings[0]!.hits.find((h) => h.id === hitId)?.review_status).toBe(
      'Confirmed Match',
    );

    // A second reviewer agrees: the downgrade reaches Didit, and the audit entry names both.
    await send(alice, 'DELETE', `/api/sessions/${id}/claim`);
    const agreed = await send(bob, 'PATCH', `/api/sessions/${id}/aml-hits/${hitId}`, {
      review_status: 'False Positive',
      comment: 'reviewed against the source',
    });
    expect(agreed.status).toBe(200);
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['actor_id', 'details'])
      .where('session_id', '=', id)
      .where('action', '=', 'review.aml_hit')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      actor_id: bob.user.id,
      details: { four_eyes: { requested_by: alice.user.id } },
    });

    // With no confirmed hit left, the approval still needs four eyes: one was confirmed once.
    await claim(alice, id);
    const after = await stagedRules(await decide(alice, id, 'Approved'));
    expect(after.four_eyes_rules).toEqual(['approve_with_confirmed_aml']);
  });
});
