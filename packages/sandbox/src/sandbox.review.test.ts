import { documented } from '@console/didit/fixtures/documented';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Receiver, type Running, startWithReceiver, waitFor } from '../test/helpers.ts';

let s: Running;
let receiver: Receiver;

beforeAll(async () => {
  let close: () => Promise<void>;
  ({ s, receiver, close } = await startWithReceiver(['status.updated', 'data.updated'], {}, 'c'));
  return close;
});

const seed = async (status: string, kind: 'user' | 'business' = 'user') =>
  (await s.sandbox.seedSessions({ application: 'console', count: 1, kind, statuses: [status] }))[0]!;
const patch = (id: string, body: unknown) => s.json('PATCH', `/v3/session/${id}/update-status/`, { body });
const decision = async (id: string) => (await s.json('GET', `/v3/session/${id}/decision/`)).body;

describe('PATCH /v3/session/{id}/update-status/', () => {
  it('approves an In Review session, records the review and fires status.updated with the decision', async () => {
    const id = await seed('review');
    const r = await patch(id, { new_status: 'Approved', comment: 'Checked by hand' });
    expect(r).toMatchObject({ status: 200, body: { session_id: id } });
    expect(Object.keys(r.body)).toEqual(['session_id']);
    const d = await decision(id);
    expect(d.status).toBe('Approved');
    expect(d.reviews).toHaveLength(1);
    expect(d.reviews[0]).toMatchObject({
      user: 'API Client',
      new_status: 'Approved',
      previous_status: 'In Review',
      comment: 'Checked by hand',
    });
    expect(d.status_override).toMatchObject({ automatic_status: 'In Review' });
    const hook = await waitFor(() =>
      receiver.received.find((x) => x.body.session_id === id && x.body.status === 'Approved'),
    );
    expect(hook.body.decision.reviews).toHaveLength(1);
  });

  it('checks the current status before the body (400 Wrong Current Status)', async () => {
    const created = await s.json('POST', '/v3/session/', {
      body: { workflow_id: s.workflow('console', 'user') },
    });
    const r = await patch(created.body.session_id, { new_status: 'Bogus' });
    const wrong = documented.errors.wrong_current_status;
    expect([r.status, r.body]).toEqual([wrong.status, wrong.body]);
    const inProgress = await seed('In Progress');
    expect((await patch(inProgress, {})).body).toEqual(wrong.body);
  });

  it.each([
    [{}, { new_status: ['This field is required.'] }],
    [{ new_status: 'In Review' }, { new_status: ['"In Review" is not a valid choice.'] }],
    [{ new_status: 'approved' }, { new_status: ['"approved" is not a valid choice.'] }],
    [
      { new_status: 'Approved', send_email: true },
      { email_address: ['This field is required when send_email is true.'] },
    ],
  ])('rejects body %j with 400', async (body, expected) => {
    const id = await seed('review');
    const r = await patch(id, body);
    expect(r).toMatchObject({ status: 400, body: expected });
    expect((await decision(id)).status).toBe('In Review');
  });

  it('treats the same status as the ja/hi pages do: Approved→Approved 200 no-op, Resubmitted→Resubmitted 400', async () => {
    const id = await seed('approve');
    const before = receiver.received.length;
    expect(await patch(id, { new_status: 'Approved' })).toMatchObject({
      status: 200,
      body: { session_id: id },
    });
    expect((await decision(id)).reviews).toHaveLength(0);
    const declined = await seed('decline');
    expect((await patch(declined, { new_status: 'Resubmitted' })).status).toBe(200);
    const again = await patch(declined, { new_status: 'Resubmitted' });
    expect(again).toMatchObject({
      status: 400,
      body: { detail: 'The new status is the same as the current status.' },
    });
    await s.sandbox.idle();
    expect(receiver.received.slice(before).some((x) => x.body.session_id === id)).toBe(false);
  });

  it('resubmits chosen nodes, deletes their data and sends resubmit_info', async () => {
    const id = await seed('review');
    const r = await patch(id, {
      new_status: 'Resubmitted',
      nodes_to_resubmit: [{ node_id: 'feature_liveness', feature: 'LIVENESS' }],
    });
    expect(r.status).toBe(200);
    const d = await decision(id);
    expect(d.status).toBe('Resubmitted');
    expect(d.liveness_checks).toBeNull();
    const hook = await waitFor(() =>
      receiver.received.find((x) => x.body.session_id === id && x.body.status === 'Resubmitted'),
    );
    expect(hook.body.decision).toBeUndefined();
    expect(hook.body.resubmit_info.nodes_to_resubmit).toEqual([
      { node_id: 'feature_liveness', feature: 'LIVENESS' },
    ]);
    expect(typeof hook.body.resubmit_info.reasons.feature_liveness).toBe('string');
  });

  it.each([
    [
      [{ node_id: 'feature_kyb_registry', feature: 'KYB_REGISTRY' }],
      'business',
      /KYB_REGISTRY cannot be resubmitted/,
    ],
    [
      [{ node_id: 'feature_kyb_key_people', feature: 'KYB_KEY_PEOPLE' }],
      'business',
      /KYB_KEY_PEOPLE cannot be resubmitted/,
    ],
    [[{ node_id: 'feature_nope', feature: 'POA' }], 'user', /not found/],
    [[], 'user', /non-empty/],
  ] as const)('rejects nodes_to_resubmit %j (%s)', async (nodes, kind, message) => {
    const id = await seed('review', kind);
    const r = await patch(id, { new_status: 'Resubmitted', nodes_to_resubmit: nodes });
    expect(r.status).toBe(400);
    expect(r.body.nodes_to_resubmit[0]).toMatch(message);
  });

  it('answers 400 when nothing is resubmittable and nodes are omitted', async () => {
    const id = await seed('approve');
    const r = await patch(id, { new_status: 'Resubmitted' });
    expect(r).toMatchObject({
      status: 400,
      body: { detail: 'There are no features to resubmit in this session.' },
    });
  });

  it('re-runs backend-only steps at once (same AML hits again), and throttles a repeat within 30 s', async () => {
    const id = await seed('review_aml_hit');
    const r = await patch(id, {
      new_status: 'Resubmitted',
      nodes_to_resubmit: [{ node_id: 'feature_aml', feature: 'AML' }],
    });
    expect(r.status).toBe(200);
    // Re-screening the same person finds the same hits: still In Review (issue 16 item 7).
    expect((await decision(id)).status).toBe('In Review');
    await patch(id, { new_status: 'Declined' });
    const again = await patch(id, {
      new_status: 'Resubmitted',
      nodes_to_resubmit: [{ node_id: 'feature_aml', feature: 'AML' }],
    });
    expect(again.status).toBe(429);
    expect(Number(again.res.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('writes KYB statuses in UPPER_SNAKE', async () => {
    const id = await seed('review', 'business');
    expect((await patch(id, { new_status: 'Declined', comment: 'x' })).status).toBe(200);
    const d = await decision(id);
    expect(d.status).toBe('DECLINED');
    expect(d.reviews[0]).toMatchObject({ new_status: 'DECLINED', previous_status: 'IN_REVIEW' });
  });
});

describe('AML hit dispositions', () => {
  it('updates one hit, answers §2.10 and fires data.updated without changing the status', async () => {
    const id = await seed('review_aml_hit');
    const hit = (await decision(id)).aml_screenings[0].hits[0];
    expect(hit.review_status).toBe('Unreviewed');
    const r = await s.json('PATCH', `/v3/session/${id}/update-aml-hit-status/`, {
      body: { hit_id: hit.id, review_status: 'False Positive', node_id: 'feature_aml' },
    });
    expect(r).toMatchObject({
      status: 200,
      body: { message: 'Hit status updated successfully', hit_id: hit.id, review_status: 'False Positive' },
    });
    const d = await decision(id);
    expect(d.aml_screenings[0].hits[0].review_status).toBe('False Positive');
    expect(d.status).toBe('In Review');
    const hook = await waitFor(() =>
      receiver.received.find((x) => x.body.session_id === id && x.body.webhook_type === 'data.updated'),
    );
    expect(hook.body.decision.aml_screenings[0].hits[0].review_status).toBe('False Positive');
  });

  it.each([
    [{ hit_id: 'nope', review_status: 'False Positive' }, 404],
    [{ hit_id: 'HIT', review_status: 'Maybe' }, 400],
    [{ review_status: 'False Positive' }, 400],
    [{ hit_id: 'HIT', review_status: 'Confirmed Match', node_id: 'feature_other' }, 404],
  ])('rejects %j with %i', async (body, status) => {
    const id = await seed('review_aml_hit');
    const hit = (await decision(id)).aml_screenings[0].hits[0];
    const real = JSON.parse(JSON.stringify(body).replace('"HIT"', JSON.stringify(hit.id)));
    const r = await s.json('PATCH', `/v3/session/${id}/update-aml-hit-status/`, { body: real });
    expect(r.status).toBe(status);
    expect((await decision(id)).aml_screenings[0].hits[0].review_status).toBe('Unreviewed');
  });

  it('bulk-updates all or nothing', async () => {
    const id = await seed('decline_aml_hit');
    const hits = (await decision(id)).aml_screenings[0].hits;
    const bad = await s.json('PATCH', `/v3/session/${id}/bulk-update-aml-hit-status/`, {
      body: {
        hit_updates: [
          { hit_id: hits[0].id, review_status: 'Confirmed Match' },
          { hit_id: 'missing', review_status: 'Inconclusive' },
        ],
      },
    });
    expect(bad.status).toBe(404);
    expect((await decision(id)).aml_screenings[0].hits[0].review_status).toBe('Unreviewed');
    const ok = await s.json('PATCH', `/v3/session/${id}/bulk-update-aml-hit-status/`, {
      body: { hit_updates: hits.map((h: any) => ({ hit_id: h.id, review_status: 'Confirmed Match' })) },
    });
    expect(ok.status).toBe(200);
    expect(
      (await decision(id)).aml_screenings[0].hits.every((h: any) => h.review_status === 'Confirmed Match'),
    ).toBe(true);
  });
});
