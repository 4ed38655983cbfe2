// The sandbox held to Didit's documented bodies (../didit/fixtures/documented/, each naming its page): the
// same fixtures the client's tests read, so the sandbox is not checked only against the client.

import { documented, shapeMismatches } from '@console/didit/fixtures/documented';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Receiver, type Running, startWithReceiver, waitFor } from '../test/helpers.ts';

let s: Running;
let receiver: Receiver;

beforeAll(async () => {
  let close: () => Promise<void>;
  ({ s, receiver, close } = await startWithReceiver(
    ['status.updated', 'data.updated', 'user.status.updated', 'user.data.updated'],
    { rateLimits: false },
  ));
  return close;
});

const seeded = async (status: string, kind: 'user' | 'business' = 'user') =>
  (await s.sandbox.seedSessions({ application: 'console', count: 1, kind, statuses: [status] }))[0]!;

describe('the sandbox answers in the documented shapes', () => {
  it('KYC decision', async () => {
    const created = await s.json('POST', '/v3/session/', {
      body: {
        workflow_id: s.workflow('console', 'user'),
        vendor_data: 'doc-kyc-1',
        metadata: { plan: 'premium', signup_source: 'mobile-app' },
        callback: 'https://example.com/verification-complete',
        sandbox_scenario: 'approve',
      },
    });
    expect(shapeMismatches(created.body, documented.responses.create_session.body)).toEqual([]);
    await s.sandbox.idle();
    const { body } = await s.json('GET', `/v3/session/${created.body.session_id}/decision/`);
    expect(shapeMismatches(body, documented.kycDecision.body)).toEqual([]);
  });

  it('KYB decision, with the company where the documentation puts it', async () => {
    const id = await seeded('Approved', 'business');
    const { body } = await s.json('GET', `/v3/session/${id}/decision/`);
    expect(shapeMismatches(body, documented.kybDecision.body)).toEqual([]);
    expect(body.status).toBe('APPROVED');
  });

  it('session webhook envelope', async () => {
    const created = await s.json('POST', '/v3/session/', {
      body: {
        workflow_id: s.workflow('console', 'user'),
        vendor_data: 'doc-kyc-2',
        metadata: { plan: 'premium' },
        sandbox_scenario: 'approve',
      },
    });
    const id = created.body.session_id as string;
    const approved = await waitFor(() =>
      receiver.received.find((r) => r.body.session_id === id && r.body.status === 'Approved'),
    );
    expect(shapeMismatches(approved.body, documented.sessionWebhook.body)).toEqual([]);
  });

  it('list page: KYC rows as documented, KYB rows with exactly the documented keys', async () => {
    await seeded('Approved', 'business');
    const { body } = await s.json('GET', '/v3/sessions/?session_kind=all&limit=5');
    const { results, ...page } = body;
    expect(
      shapeMismatches({ ...page, results: [] }, { ...documented.listSessions.body, results: [] }),
    ).toEqual([]);
    const kyc = results.filter((r: any) => r.session_kind === 'user');
    const kyb = results.filter((r: any) => r.session_kind === 'business');
    expect(kyc.length).toBeGreaterThan(0);
    expect(kyb.length).toBeGreaterThan(0);
    for (const row of kyc) {
      // A documented row holds a session with every feature; phone/email objects are null without them.
      const { phone_number, email_address, ...rest } = documented.listSessions.body.results[0]!;
      expect(shapeMismatches(row, rest)).toEqual([]);
    }
    for (const row of kyb)
      expect(Object.keys(row).sort()).toEqual([...documented.listSessions.kyb_row_keys].sort());
  });

  it('update-status, share and review answers', async () => {
    const id = await seeded('In Review');
    const r = documented.responses;
    const updated = await s.json('PATCH', `/v3/session/${id}/update-status/`, {
      body: { new_status: 'Approved', comment: 'first look' },
    });
    expect(Object.keys(updated.body)).toEqual(Object.keys(r.update_status.body));
    const shared = await s.json('POST', `/v3/session/${id}/share/`, {
      body: { for_application_id: s.appId('partner') },
    });
    expect(shapeMismatches(shared.body, r.share.body)).toEqual([]);
    const reviewed = await s.json('POST', `/v3/sessions/${id}/reviews/`, {
      body: { new_status: 'Declined', comment: 'second look' },
    });
    expect(reviewed.status).toBe(201);
    expect(Object.keys(reviewed.body).sort()).toEqual(Object.keys(r.create_review.body).sort());
    const feed = await s.json('GET', `/v3/sessions/${id}/reviews/`);
    // Rows of reviews made without a comment carry null there; ours both have one.
    const ours = feed.body.results.filter((row: any) => ['first look', 'second look'].includes(row.comment));
    expect(ours).toHaveLength(2);
    expect(shapeMismatches({ ...feed.body, results: ours }, r.list_reviews.body)).toEqual([]);
  });

  it('entity webhooks: flat, with the documented keys and changed fields', async () => {
    await s.json('POST', '/v3/session/', {
      body: {
        workflow_id: s.workflow('console', 'user'),
        vendor_data: 'doc-person',
        sandbox_scenario: 'approve',
      },
    });
    await s.sandbox.idle();
    const flagged = await s.json('PATCH', '/v3/users/doc-person/update-status/', {
      body: { status: 'FLAGGED', reason: 'second look' },
    });
    expect(flagged.status).toBe(200);
    const status = await waitFor(() =>
      receiver.received.find(
        (r) => r.body.webhook_type === 'user.status.updated' && r.body.vendor_data === 'doc-person',
      ),
    );
    expect(shapeMismatches(status.body, documented.entityFlat.status)).toEqual([]);
    expect([status.body.status, status.body.previous_status]).toEqual(['FLAGGED', 'ACTIVE']);
    expect(status.raw.toString('utf8')).not.toContain('second look');
    const data = receiver.received.filter(
      (r) => r.body.webhook_type === 'user.data.updated' && r.body.vendor_data === 'doc-person',
    );
    expect(data.length).toBeGreaterThan(0);
    for (const d of data) {
      expect(
        shapeMismatches({ ...d.body, changes: {} }, { ...documented.entityFlat.data, changes: {} }),
      ).toEqual([]);
      expect(documented.entityFlat.user_changed_fields).toEqual(
        expect.arrayContaining(d.body.changed_fields),
      );
      expect(Object.keys(d.body.changes).sort()).toEqual([...d.body.changed_fields].sort());
    }
  });

  it('error bodies Didit documents', async () => {
    const e = documented.errors;
    const badKey = await s.json('GET', '/v3/sessions/', { key: 'not-a-key' });
    expect([badKey.status, badKey.body]).toEqual([e.forbidden.status, e.forbidden.body]);
    const noKey = await s.json('GET', '/v3/sessions/', { key: null });
    expect([noKey.status, noKey.body]).toEqual([e.forbidden.status, e.forbidden.body]);
    const missing = await s.json('GET', '/v3/session/00000000-0000-4000-8000-000000000000/decision/');
    expect([missing.status, missing.body]).toEqual([e.not_found.status, e.not_found.body]);
  });
});
