// Entities end to end over real HTTP: the client calls the sandbox's entity endpoints, the sandbox sends
// signed entity webhooks to the console's /webhooks/didit, the console stores them in Postgres.
import type { AddressInfo } from 'node:net';
import { DiditClient } from '@console/didit/client';
import { DiditError } from '@console/didit/errors';
import { createSandbox, type Sandbox } from '@console/sandbox/sandbox';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app.ts';
import { loginAs } from '../../test/auth.ts';
import { createTestDatabase } from '../../test/database.ts';
import type { Database } from '../platform/db/database.ts';

let database: Database;
let sandbox: Sandbox;
let didit: DiditClient;
let secret: string | undefined;
let app: ReturnType<typeof createTestApp>;
const closers: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  sandbox = createSandbox({ seed: 161, rateLimits: false, stepDelayMs: 10, webhookRetryDelaysMs: [50] });
  const { baseUrl, close } = await sandbox.listen(0, '127.0.0.1');
  closers.push(close, () => sandbox.close());
  const key = sandbox.applications.find((a) => a.name === 'console')!.api_key;
  didit = new DiditClient({ baseUrl, apiKey: key, retryBaseDelayMs: 1 });
  app = createTestApp(database, { webhookSecret: () => secret, didit });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const consoleUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  closers.push(() => new Promise((resolve) => server.close(resolve)));
  const dest = await didit.createWebhookDestination({
    label: 'console',
    url: `${consoleUrl}/webhooks/didit`,
    subscribed_events: [
      'status.updated',
      'user.status.updated',
      'user.data.updated',
      'business.status.updated',
      'business.data.updated',
    ],
  });
  secret = dest.secret_shared_key;
});
afterAll(async () => {
  while (closers.length) await closers.pop()!();
  await database?.close();
});

const entity = (kind: 'user' | 'business', vd: string) =>
  database.db
    .selectFrom('entities')
    .selectAll()
    .where('entity_kind', '=', kind)
    .where('vendor_data', '=', vd)
    .executeTakeFirst();
const until = async <T>(fn: () => Promise<T | undefined>, ok: (v: T) => boolean): Promise<T> => {
  let last: T | undefined;
  const start = Date.now();
  for (;;) {
    last = await fn();
    if (last !== undefined && ok(last)) return last;
    if (Date.now() - start > 10_000) throw new Error(`not reached: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};
const workflow = (kind: 'user' | 'business') =>
  sandbox.applications.find((a) => a.name === 'console')!.workflows.find((w) => w.session_kind === kind)!
    .workflow_id;
/** A session created through the client and driven by the sandbox to its scenario's end, webhooks delivered. */
const runSession = async (kind: 'user' | 'business', vendorData: string, scenario: string) => {
  await didit.createSession({
    workflow_id: workflow(kind),
    vendor_data: vendorData,
    sandbox_scenario: scenario,
  });
  await sandbox.idle();
};

describe('User and Business entities between the client, the sandbox and the console', () => {
  it('a person verified in a session becomes a User entity with counters, from Didit webhooks', async () => {
    await runSession('user', 'person-1', 'approve');
    const e = await until(
      () => entity('user', 'person-1'),
      (x) => x.approved_count === 1,
    );
    expect(e).toMatchObject({ session_count: 1, approved_count: 1, declined_count: 0 });
    expect(e.full_name).toBeTruthy();
    const profile = await didit.getEntity('user', 'person-1');
    expect(profile).toMatchObject({ vendor_data: 'person-1', status: 'ACTIVE', session_count: 1 });
  });

  it('flag, block and reactivate through update-status reach the console as status events', async () => {
    await runSession('business', 'company-1', 'approve');
    await didit.updateEntityStatus('business', 'company-1', {
      status: 'FLAGGED',
      reason: 'registry mismatch',
    });
    await until(
      () => entity('business', 'company-1'),
      (x) => x.status === 'FLAGGED',
    );
    // Each change lands before the next is made: one second can hold all three, and Didit's webhook times
    // are whole seconds, so the console orders same-second changes by their previous_status chain.
    await didit.updateEntityStatus('business', 'company-1', { status: 'BLOCKED' });
    await until(
      () => entity('business', 'company-1'),
      (x) => x.status === 'BLOCKED',
    );
    await didit.updateEntityStatus('business', 'company-1', { status: 'ACTIVE' });
    const e = await until(
      () => entity('business', 'company-1'),
      (x) => x.status_history.length === 3,
    );
    expect(e.status).toBe('ACTIVE');
    expect(e.status_history.map((h) => [h.previous_status, h.status])).toEqual([
      ['ACTIVE', 'FLAGGED'],
      ['FLAGGED', 'BLOCKED'],
      ['BLOCKED', 'ACTIVE'],
    ]);
    expect(e.legal_name).toBeTruthy();
    // The reason is recorded at Didit, not sent in webhooks.
    const rows = await database.db
      .selectFrom('entity_events')
      .select('raw_body')
      .where('vendor_data', '=', 'company-1')
      .execute();
    expect(rows.some((r) => r.raw_body.toString('utf8').includes('registry mismatch'))).toBe(false);
    const profile = await didit.getEntity('business', 'company-1');
    expect((profile.comments as any[])[0]).toMatchObject({ comment: 'registry mismatch', status: 'FLAGGED' });
  });

  it('refuses an unknown status (400) and an unknown vendor_data (404)', async () => {
    await didit.createSession({ workflow_id: workflow('user'), vendor_data: 'person-2' });
    const bad = await didit
      .updateEntityStatus('user', 'person-2', { status: 'In Review' as never })
      .catch((e) => e);
    expect(bad).toBeInstanceOf(DiditError);
    expect((bad as DiditError).status).toBe(400);
    const missing = await didit.updateEntityStatus('user', 'nobody', { status: 'FLAGGED' }).catch((e) => e);
    expect((missing as DiditError).kind).toBe('not_found');
  });
});

describe("the console's people and business profiles (/api/entities)", () => {
  const profile = async (headers: Record<string, string>, kind: string, vd: string) => {
    const res = await app.request(`/api/entities/${kind}/${encodeURIComponent(vd)}`, { headers });
    return { status: res.status, body: (await res.json()) as any };
  };
  const setStatus = (headers: Record<string, string>, kind: string, vd: string, body: unknown) =>
    app.request(`/api/entities/${kind}/${encodeURIComponent(vd)}/status`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('shows every session of a vendor_data and the entity, and lets a reviewer flag it with a reason', async () => {
    for (const scenario of ['approve', 'review']) await runSession('user', 'person-profile', scenario);
    const reviewer = await loginAs(app, database, ['reviewer']);
    const before = await until(
      async () => (await profile(reviewer.headers, 'user', 'person-profile')).body,
      (b) => b.sessions?.length === 2 && b.counters?.session_count === 2,
    );
    // Didit sends a status only when it changes: until then the console does not claim one.
    expect(before.status).toBeNull();
    expect(before.sessions.map((s: any) => s.status_key).sort()).toEqual(['APPROVED', 'IN_REVIEW']);

    const res = await setStatus(reviewer.headers, 'user', 'person-profile', {
      status: 'FLAGGED',
      reason: 'Two accounts, one face',
    });
    expect(res.status).toBe(202);
    const after = await until(
      async () => (await profile(reviewer.headers, 'user', 'person-profile')).body,
      (b) => b.status === 'FLAGGED',
    );
    expect(after.status_history.at(-1)).toMatchObject({
      status: 'FLAGGED',
      previous_status: 'ACTIVE',
      source: 'webhook',
    });
    expect(after.events.find((e: any) => e.source === 'reviewer')).toMatchObject({
      status: 'FLAGGED',
      reason: 'Two accounts, one face',
      actor_user_id: reviewer.user.id,
    });
    const audit = await database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'entity.status_requested')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it.each([
    ['no reason', { status: 'BLOCKED' }],
    ['an empty reason', { status: 'BLOCKED', reason: '  ' }],
    ['a session status', { status: 'Declined', reason: 'x' }],
    ['a reason over 1,000 characters', { status: 'BLOCKED', reason: 'x'.repeat(1001) }],
  ])('refuses %s (400 VALIDATION) and changes nothing at Didit', async (_what, body) => {
    const reviewer = await loginAs(app, database, ['reviewer']);
    const res = await setStatus(reviewer.headers, 'user', 'person-profile', body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.code).toBe('VALIDATION');
  });

  it('lets auditors read but not flag, and answers 404 for a vendor_data nobody knows', async () => {
    const auditor = await loginAs(app, database, ['auditor']);
    expect((await profile(auditor.headers, 'user', 'person-profile')).status).toBe(200);
    const res = await setStatus(auditor.headers, 'user', 'person-profile', {
      status: 'BLOCKED',
      reason: 'x',
    });
    expect(res.status).toBe(403);
    expect((await profile(auditor.headers, 'user', 'nobody-at-all')).status).toBe(404);
    expect((await didit.getEntity('user', 'person-profile')).status).not.toBe('BLOCKED');
  });
});
