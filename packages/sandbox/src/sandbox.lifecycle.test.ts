import { afterEach, describe, expect, it } from 'vitest';
import { startReceiver, startSandbox, waitFor } from '../test/helpers.ts';
import type { SandboxOptions } from './sandbox.ts';

/**
 * Didit's own clock (docs/didit.md §5.2): unopened links expire, started flows are abandoned, approved KYC
 * passes its expiration policy, a KYB parent awaits its key people; and the sandbox-mode documents
 * (https://docs.didit.me/integration/sandbox-testing): the scenario catalog and the 500-a-day quota.
 */
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function setup(options: SandboxOptions) {
  const s = await startSandbox({ rateLimits: false, ...options });
  const receiver = await startReceiver(() => 200);
  cleanup.push(
    () => receiver.close(),
    () => s.close(),
  );
  const dest = await s.json('POST', '/v3/webhook/destinations/', {
    body: { label: 'lifecycle', url: receiver.url, subscribed_events: ['status.updated'] },
  });
  expect(dest.status).toBe(201);
  const statusesOf = (id: string) =>
    receiver.received.filter((r) => r.body.session_id === id).map((r) => r.body.status as string);
  const create = async (kind: 'user' | 'business', scenario?: string) => {
    const res = await s.json('POST', '/v3/session/', {
      body: { workflow_id: s.workflow('console', kind), ...(scenario ? { sandbox_scenario: scenario } : {}) },
    });
    expect(res.status).toBe(201);
    return res.body.session_id as string;
  };
  return { s, statusesOf, create };
}

describe('lifecycle on timers', () => {
  it('expires a session nobody opened: Not Started → Expired, with its webhook', async () => {
    const { s, statusesOf, create } = await setup({ lifecycle: { expireAfterMs: 40 } });
    const id = await create('user');
    await waitFor(() => statusesOf(id).includes('Expired'));
    expect(statusesOf(id)).toEqual(['Not Started', 'Expired']);
    expect((await s.json('GET', `/v3/session/${id}/decision/`)).body.status).toBe('Expired');
  });

  it('abandons a started flow that never finishes: In Progress → Abandoned, with a decision', async () => {
    const { s, statusesOf, create } = await setup({ stepDelayMs: 150, lifecycle: { abandonAfterMs: 30 } });
    const id = await create('user', 'approve');
    await waitFor(() => statusesOf(id).includes('Abandoned'));
    await s.sandbox.idle();
    expect(statusesOf(id)).toEqual(['Not Started', 'In Progress', 'Abandoned']);
  });

  it('moves an approved KYC session to Kyc Expired once its expiration policy passes', async () => {
    const { statusesOf, create } = await setup({ lifecycle: { kycExpireAfterMs: 30 } });
    const id = await create('user', 'approve');
    await waitFor(() => statusesOf(id).includes('Kyc Expired'));
    expect(statusesOf(id)).toEqual(['Not Started', 'In Progress', 'Approved', 'Kyc Expired']);
  });

  it('passes a KYB session through Awaiting User before its outcome', async () => {
    const { s, statusesOf, create } = await setup({ lifecycle: { kybAwaitingUser: true } });
    const id = await create('business', 'approve');
    await waitFor(() => statusesOf(id).includes('APPROVED'));
    await s.sandbox.idle();
    expect(statusesOf(id)).toEqual(['NOT_STARTED', 'IN_PROGRESS', 'AWAITING_USER', 'APPROVED']);
  });

  it('leaves sessions alone by default within a test run (days, not milliseconds)', async () => {
    const { s, statusesOf, create } = await setup({});
    const id = await create('user');
    await s.sandbox.idle();
    expect(statusesOf(id)).toEqual(['Not Started']);
  });
});

describe('sandbox mode as documented', () => {
  it('lists its scenarios behind the API key at GET /v1/sandbox/scenarios/', async () => {
    const { s } = await setup({});
    const catalog = await s.json('GET', '/v1/sandbox/scenarios/');
    expect(catalog.status).toBe(200);
    const slugs = (catalog.body.scenarios as { slug: string }[]).map((x) => x.slug);
    expect(slugs).toEqual(expect.arrayContaining(['approve', 'decline_aml_hit']));
    const anonymous = await s.json('GET', '/v1/sandbox/scenarios/', { key: null });
    expect(anonymous).toMatchObject({
      status: 403,
      body: { detail: 'You do not have permission to perform this action.' },
    });
  });

  it('accepts only the documented slugs when asked to, answering others as a bad choice', async () => {
    const { s } = await setup({ scenarios: 'documented' });
    const refused = await s.json('POST', '/v3/session/', {
      body: { workflow_id: s.workflow('console', 'user'), sandbox_scenario: 'review' },
    });
    expect(refused).toMatchObject({
      status: 400,
      body: { sandbox_scenario: ['"review" is not a valid choice.'] },
    });
    const ok = await s.json('POST', '/v3/session/', {
      body: { workflow_id: s.workflow('console', 'user'), sandbox_scenario: 'decline_aml_hit' },
    });
    expect(ok.status).toBe(201);
    const catalog = await s.json('GET', '/v1/sandbox/scenarios/');
    expect((catalog.body.scenarios as { slug: string }[]).map((x) => x.slug)).toEqual([
      'approve',
      'decline_aml_hit',
    ]);
  });

  it('refuses creations past the daily quota; an unfinished session reused by vendor_data does not count', async () => {
    const { s } = await setup({ dailyCreateQuota: 2 });
    const body = (vendor: string) => ({ workflow_id: s.workflow('console', 'user'), vendor_data: vendor });
    expect((await s.json('POST', '/v3/session/', { body: body('a') })).status).toBe(201);
    expect((await s.json('POST', '/v3/session/', { body: body('a') })).status).toBe(201);
    expect((await s.json('POST', '/v3/session/', { body: body('b') })).status).toBe(201);
    const refused = await s.json('POST', '/v3/session/', { body: body('c') });
    expect(refused.status).toBe(429);
    expect(refused.body.detail).toMatch(/2 sessions per 24 hours/);
    // Another application has its own quota.
    expect(
      (
        await s.json('POST', '/v3/session/', {
          key: s.keyOf('partner'),
          body: { workflow_id: s.workflow('partner', 'user') },
        })
      ).status,
    ).toBe(201);
  });
});
