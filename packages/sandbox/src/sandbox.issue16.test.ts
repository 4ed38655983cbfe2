// Issue 16, items 5–10: the sandbox's webhooks and lifecycle as Didit documents them.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Receiver,
  type Running,
  startReceiver,
  startSandbox,
  startWithReceiver,
} from '../test/helpers.ts';

let s: Running;
let receiver: Receiver;

beforeAll(async () => {
  let close: () => Promise<void>;
  ({ s, receiver, close } = await startWithReceiver(['status.updated', 'data.updated'], {
    rateLimits: false,
  }));
  return close;
});

const create = async (scenario: string, kind: 'user' | 'business' = 'user') => {
  const res = await s.json('POST', '/v3/session/', {
    body: { workflow_id: s.workflow('console', kind), sandbox_scenario: scenario },
  });
  await s.sandbox.idle();
  return res.body.session_id as string;
};
const eventsOf = (id: string) => receiver.received.filter((r) => r.body.session_id === id).map((r) => r.body);

describe('session webhook payloads (item 5)', () => {
  it('every session payload names its session_kind, KYC and KYB alike', async () => {
    const kyc = await create('approve');
    const kyb = await create('approve', 'business');
    expect(eventsOf(kyc).length).toBeGreaterThan(1);
    for (const b of eventsOf(kyc)) expect(b.session_kind).toBe('user');
    for (const b of eventsOf(kyb)) expect([b.session_kind, b.business_session_id]).toEqual(['business', kyb]);
  });

  it('data.updated carries a trigger, and a decision only in the four decision statuses', async () => {
    // The user never comes back here (a step delay longer than the test), so Resubmitted stays.
    const slow = await startSandbox({ rateLimits: false, stepDelayMs: 600_000 });
    const rx = await startReceiver();
    try {
      await slow.json('POST', '/v3/webhook/destinations/', {
        body: { label: 'console', url: rx.url, subscribed_events: ['data.updated'] },
      });
      const [id] = await slow.sandbox.seedSessions({
        application: 'console',
        count: 1,
        statuses: ['review_aml_hit'],
      });
      const decision = (await slow.json('GET', `/v3/session/${id}/decision/`)).body;
      const hits = decision.aml_screenings[0].hits.map((h: any) => h.id as string);
      await slow.json('PATCH', `/v3/session/${id}/update-aml-hit-status/`, {
        body: { hit_id: hits[0], review_status: 'False Positive' },
      });
      await slow.sandbox.idle();
      const inReview = rx.received.map((r) => r.body).find((b) => b.status === 'In Review');
      expect(inReview).toMatchObject({ webhook_type: 'data.updated', trigger: expect.any(String) });
      expect(inReview!.decision).toBeDefined();

      // Resubmitted (a user-facing step sent back) is not a decision status: its data.updated has none.
      const idNode = decision.id_verifications[0].node_id as string;
      const resubmit = await slow.json('PATCH', `/v3/session/${id}/update-status/`, {
        body: {
          new_status: 'Resubmitted',
          nodes_to_resubmit: [{ node_id: idNode, feature: 'ID_VERIFICATION' }],
        },
      });
      expect(resubmit.status).toBe(200);
      const second = await slow.json('PATCH', `/v3/session/${id}/update-aml-hit-status/`, {
        body: { hit_id: hits.at(-1), review_status: 'Confirmed Match' },
      });
      expect(second.status).toBe(200);
      await slow.sandbox.idle();
      const resubmitted = rx.received.map((r) => r.body).find((b) => b.status === 'Resubmitted');
      expect(resubmitted).toMatchObject({ webhook_type: 'data.updated', trigger: expect.any(String) });
      expect('decision' in resubmitted!).toBe(false);
    } finally {
      await rx.close();
      await slow.close();
    }
  });
});

describe('KYB status casing (item 3)', () => {
  it('keeps the seed UPPER_SNAKE by default and spells Title Case when switched, everywhere', async () => {
    const title = await startSandbox({ rateLimits: false, kybStatusCasing: 'title' });
    const rx = await startReceiver();
    try {
      await title.json('POST', '/v3/webhook/destinations/', {
        body: { label: 'console', url: rx.url, subscribed_events: ['status.updated'] },
      });
      for (const [sbx, want] of [
        [s, 'IN_REVIEW'],
        [title, 'In Review'],
      ] as const) {
        const [id] = await sbx.sandbox.seedSessions({
          application: 'console',
          count: 1,
          kind: 'business',
          statuses: ['In Review'],
        });
        expect((await sbx.json('GET', `/v3/session/${id}/decision/`)).body.status).toBe(want);
        const rows = (await sbx.json('GET', '/v3/sessions/?session_kind=business')).body.results;
        expect(rows.find((r: any) => r.session_id === id).status).toBe(want);
        // The list filter accepts either spelling.
        for (const q of ['IN_REVIEW', 'In Review']) {
          const filtered = (
            await sbx.json('GET', `/v3/sessions/?session_kind=business&status=${encodeURIComponent(q)}`)
          ).body;
          expect(filtered.results.some((r: any) => r.session_id === id)).toBe(true);
        }
      }
      const created = await title.json('POST', '/v3/session/', {
        body: { workflow_id: title.workflow('console', 'business'), sandbox_scenario: 'review' },
      });
      await title.sandbox.idle();
      const statuses = rx.received
        .filter((r) => r.body.session_id === created.body.session_id)
        .map((r) => r.body.status);
      expect(statuses).toEqual(['Not Started', 'In Progress', 'In Review']);
    } finally {
      await rx.close();
      await title.close();
    }
  });
});

describe('backend-only resubmission (item 7)', () => {
  it('re-running AML finds the same hits: still In Review until they are dispositioned, then Approved', async () => {
    let skewMs = 0;
    const sbx = await startSandbox({
      rateLimits: false,
      clock: { now: () => new Date(Date.now() + skewMs) },
    });
    try {
      const [id] = await sbx.sandbox.seedSessions({
        application: 'console',
        count: 1,
        statuses: ['review_aml_hit'],
      });
      const before = (await sbx.json('GET', `/v3/session/${id}/decision/`)).body;
      const aml = before.aml_screenings[0];
      const resubmitAml = () =>
        sbx.json('PATCH', `/v3/session/${id}/update-status/`, {
          body: { new_status: 'Resubmitted', nodes_to_resubmit: [{ node_id: aml.node_id, feature: 'AML' }] },
        });
      expect((await resubmitAml()).status).toBe(200);
      const again = (await sbx.json('GET', `/v3/session/${id}/decision/`)).body;
      expect(again.status).toBe('In Review');
      expect(again.aml_screenings[0].hits.map((h: any) => h.id)).toEqual(aml.hits.map((h: any) => h.id));

      for (const h of aml.hits) {
        await sbx.json('PATCH', `/v3/session/${id}/update-aml-hit-status/`, {
          body: { hit_id: h.id, review_status: 'False Positive' },
        });
      }
      skewMs = 31_000; // Didit refuses a repeat within 30 s (429)
      expect((await resubmitAml()).status).toBe(200);
      expect((await sbx.json('GET', `/v3/session/${id}/decision/`)).body.status).toBe('Approved');
    } finally {
      await sbx.close();
    }
  });
});

describe('echoes (item 10)', () => {
  it('echoes metadata floats and big integers as Python keeps them, not as JavaScript parsed them', async () => {
    const raw = `{"workflow_id":"${s.workflow('console', 'user')}","metadata":{"score":95.0,"tiny":1e-07,"big":123456789012345678901234567890}}`;
    const res = await s.call('POST', '/v3/session/', { raw });
    const text = await res.text();
    expect(text).toContain('"metadata":{"big":123456789012345678901234567890,"score":95.0,"tiny":1e-07}');
    const id = JSON.parse(text).session_id;
    const decision = await (await s.call('GET', `/v3/session/${id}/decision/`)).text();
    expect(decision).toContain('"score":95.0');
  });
});
