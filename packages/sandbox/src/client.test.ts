// The client against the Didit sandbox over real HTTP: every endpoint's happy path and every documented error.

import type { AddressInfo } from 'node:net';
import { type DiditCallEvent, DiditClient, type DiditClientOptions } from '@console/didit/client';
import { DiditRateLimiter } from '@console/didit/rate-limiter';
import { failure } from '@console/didit/test/failure';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from './sandbox.ts';

// The sandbox's clock runs `skewMs` ahead of ours, so a test can age share tokens past their expiry.
let skewMs = 0;
let sandbox: Sandbox;
let baseUrl: string;
let closeServer: () => Promise<void>;

beforeAll(async () => {
  sandbox = createSandbox({
    seed: 7,
    rateLimits: false,
    stepDelayMs: 10,
    clock: { now: () => new Date(Date.now() + skewMs) },
  });
  ({ baseUrl, close: closeServer } = await sandbox.listen(0, '127.0.0.1'));
});

afterAll(async () => {
  await closeServer?.();
  await sandbox?.close();
});

const app = (name: 'console' | 'partner') => sandbox.applications.find((a) => a.name === name)!;
const workflow = (name: 'console' | 'partner', kind: 'user' | 'business') =>
  app(name).workflows.find((w) => w.session_kind === kind)!.workflow_id;

function clientFor(name: 'console' | 'partner', opts: Partial<DiditClientOptions> = {}) {
  return new DiditClient({
    baseUrl,
    apiKey: app(name).api_key,
    retryBaseDelayMs: 1,
    timeoutMs: 5_000,
    ...opts,
  });
}

async function seeded(
  status: string,
  kind: 'user' | 'business' = 'user',
  name: 'console' | 'partner' = 'console',
) {
  const [id] = await sandbox.seedSessions({ application: name, count: 1, kind, statuses: [status] });
  return id!;
}

async function shareToken(forApp: 'console' | 'partner', ttl = 600, status = 'Approved') {
  const owner = forApp === 'partner' ? 'console' : 'partner';
  const id = await seeded(status, 'user', owner);
  const shared = await clientFor(owner).shareSession(id, {
    for_application_id: app(forApp).application_id,
    ttl_in_seconds: ttl,
  });
  return { id, token: shared.share_token };
}

describe('sessions', () => {
  it('creates a session that its scenario drives to In Review, and reads its decision', async () => {
    const client = clientFor('console');
    const created = await client.createSession({
      workflow_id: workflow('console', 'user'),
      vendor_data: 'user-create-1',
      sandbox_scenario: 'review',
    });
    expect(created).toMatchObject({ status: 'Not Started', vendor_data: 'user-create-1' });
    expect(created.url).toMatch(/^https?:\/\//);
    let decision = await client.getDecision(created.session_id);
    for (let i = 0; i < 100 && decision.status !== 'In Review'; i++) {
      await new Promise((r) => setTimeout(r, 20));
      decision = await client.getDecision(created.session_id);
    }
    expect(decision).toMatchObject({
      session_id: created.session_id,
      status: 'In Review',
      session_kind: 'user',
    });
    expect(Array.isArray(decision.id_verifications)).toBe(true);
  });

  it('lists sessions with filters and pagination', async () => {
    const client = clientFor('console');
    await sandbox.seedSessions({
      application: 'console',
      count: 3,
      kind: 'business',
      statuses: ['Approved'],
    });
    const page = await client.listSessions({ session_kind: 'business', limit: 2, offset: 0 });
    expect(page.results.length).toBe(2);
    expect(page.count).toBeGreaterThanOrEqual(3);
    expect(page.next).not.toBeNull();
    for (const row of page.results) expect(row.session_kind).toBe('business');
    const reviewId = await seeded('In Review');
    const inReview = await client.listSessions({ session_kind: 'user', status: 'In Review', limit: 100 });
    expect(inReview.results.map((r) => r.session_id)).toContain(reviewId);
    expect(inReview.results.every((r) => r.status === 'In Review')).toBe(true);
  });

  it('updates the status of a session in review', async () => {
    const client = clientFor('console');
    const id = await seeded('In Review');
    expect(
      await client.updateStatus(id, { new_status: 'Approved', comment: 'Documents re-checked' }),
    ).toEqual({
      session_id: id,
    });
    expect((await client.getDecision(id)).status).toBe('Approved');
  });

  it('updates an AML hit review status', async () => {
    const client = clientFor('console');
    const ids = await sandbox.seedSessions({
      application: 'console',
      count: 2,
      kind: 'user',
      statuses: ['review_aml_hit'],
    });
    let found: { id: string; hit: string } | undefined;
    for (const id of ids) {
      const d = await client.getDecision(id);
      const hit = (d.aml_screenings as { hits?: { id: string }[] }[] | null)?.flatMap((s) => s.hits ?? [])[0];
      if (hit) {
        found = { id, hit: hit.id };
        break;
      }
    }
    expect(found).toBeDefined();
    const res = await client.updateAmlHitStatus(found!.id, {
      hit_id: found!.hit,
      review_status: 'False Positive',
    });
    expect(res).toMatchObject({ hit_id: found!.hit, review_status: 'False Positive' });
    const d = await client.getDecision(found!.id);
    const hit = (d.aml_screenings as { hits: { id: string; review_status: string }[] }[])
      .flatMap((s) => s.hits)
      .find((h) => h.id === found!.hit);
    expect(hit?.review_status).toBe('False Positive');
  });
});

describe('share and import', () => {
  it('mints a token for the partner, who imports it as a full clone', async () => {
    const { id, token } = await shareToken('partner');
    const imported = await clientFor('partner').importShared({
      share_token: token,
      trust_review: true,
      workflow_id: workflow('partner', 'user'),
      vendor_data: 'partner-user-9',
    });
    expect(imported).toMatchObject({
      status: 'Approved',
      session_kind: 'user',
      shared_from_session: id,
      vendor_data: 'partner-user-9',
      shape: 'full_clone',
    });
    expect(imported.session_id).not.toBe(id);
    const decision = await clientFor('partner').getDecision(imported.session_id);
    expect(decision.shared_from_session).toBe(id);
  });

  it('without trust_review the import lands In Review', async () => {
    const { token } = await shareToken('partner');
    const imported = await clientFor('partner').importShared({
      share_token: token,
      trust_review: false,
      workflow_id: workflow('partner', 'user'),
    });
    expect(imported.status).toBe('In Review');
  });

  it('refuses to share an unfinished session, a bad TTL, or an unknown session', async () => {
    const client = clientFor('console');
    const partner = app('partner').application_id;
    const unfinished = await seeded('In Progress');
    const e1 = await failure(client.shareSession(unfinished, { for_application_id: partner }));
    expect(e1).toMatchObject({ kind: 'bad_request', status: 400 });
    const approved = await seeded('Approved');
    for (const ttl of [59, 86_401]) {
      const e = await failure(
        client.shareSession(approved, { for_application_id: partner, ttl_in_seconds: ttl }),
      );
      expect(e).toMatchObject({ kind: 'bad_request', status: 400 });
      expect(e.detail).toMatch(/^ttl_in_seconds: /);
    }
    const e3 = await failure(
      client.shareSession('00000000-0000-4000-8000-000000000000', { for_application_id: partner }),
    );
    expect(e3).toMatchObject({ kind: 'not_found', status: 404, detail: 'Not found.' });
  });

  it('a forged token is invalid_share_token (401), and so is an expired one', async () => {
    const partner = clientFor('partner');
    const { token } = await shareToken('partner', 60);
    const [h, p, s] = token.split('.') as [string, string, string];
    const forged = `${h}.${p}.${s.slice(0, -4)}${s.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    const body = { trust_review: false, workflow_id: workflow('partner', 'user') };
    const e1 = await failure(partner.importShared({ ...body, share_token: forged }));
    expect(e1).toMatchObject({ kind: 'invalid_share_token', status: 401 });
    skewMs = 61_000;
    try {
      const e2 = await failure(partner.importShared({ ...body, share_token: token }));
      expect(e2).toMatchObject({ kind: 'invalid_share_token', status: 401 });
      expect(`${e2.message} ${e2.detail}`).not.toContain(token);
    } finally {
      skewMs = 0;
    }
  });

  it('a token for another application, and a second import, are forbidden (403)', async () => {
    const { token } = await shareToken('partner');
    const wrongApp = await failure(
      clientFor('console').importShared({
        share_token: token,
        trust_review: false,
        workflow_id: workflow('console', 'user'),
      }),
    );
    expect(wrongApp).toMatchObject({ kind: 'forbidden', status: 403 });
    const body = { share_token: token, trust_review: false, workflow_id: workflow('partner', 'user') };
    await clientFor('partner').importShared(body);
    const again = await failure(clientFor('partner').importShared(body));
    expect(again).toMatchObject({ kind: 'forbidden', status: 403 });
  });

  it('an unknown workflow on import is not_found (404)', async () => {
    const { token } = await shareToken('partner');
    const e = await failure(
      clientFor('partner').importShared({
        share_token: token,
        trust_review: false,
        workflow_id: '00000000-0000-4000-8000-000000000000',
      }),
    );
    expect(e).toMatchObject({ kind: 'not_found', status: 404 });
  });
});

describe('documented errors', () => {
  it('a bad key is auth (403) on every endpoint', async () => {
    const bad = new DiditClient({ baseUrl, apiKey: 'not-a-real-key-123456' });
    const id = await seeded('In Review');
    const calls: (() => Promise<unknown>)[] = [
      () => bad.getDecision(id),
      () => bad.listSessions({}),
      () => bad.createSession({ workflow_id: workflow('console', 'user') }),
      () => bad.updateStatus(id, { new_status: 'Approved' }),
      () => bad.shareSession(id, { for_application_id: app('partner').application_id }),
      () => bad.updateAmlHitStatus(id, { hit_id: 'x', review_status: 'Inconclusive' }),
      () => bad.listWebhookDestinations(),
    ];
    for (const call of calls) {
      const e = await failure(call());
      expect(e).toMatchObject({
        kind: 'auth',
        status: 403,
        detail: 'You do not have permission to perform this action.',
      });
      expect(e.message).not.toContain('not-a-real-key-123456');
    }
  });

  it('an unknown session is not_found (404)', async () => {
    const e = await failure(clientFor('console').getDecision('00000000-0000-4000-8000-000000000000'));
    expect(e).toMatchObject({ kind: 'not_found', status: 404, detail: 'Not found.' });
  });

  it('a session of another application is not_found (404)', async () => {
    const id = await seeded('In Review', 'user', 'partner');
    expect(await failure(clientFor('console').getDecision(id))).toMatchObject({ kind: 'not_found' });
  });

  it('update-status from an ineligible status is bad_request (400)', async () => {
    const client = clientFor('console');
    for (const status of ['Not Started', 'In Progress', 'Expired']) {
      const id = await seeded(status);
      const e = await failure(client.updateStatus(id, { new_status: 'Approved' }));
      expect(e).toMatchObject({ kind: 'bad_request', status: 400 });
      expect(e.detail).toBeTruthy();
    }
  });

  it('an unknown AML hit is not_found (404)', async () => {
    const id = await seeded('In Review');
    const e = await failure(
      clientFor('console').updateAmlHitStatus(id, {
        hit_id: 'no-such-hit',
        review_status: 'Confirmed Match',
      }),
    );
    expect(e).toMatchObject({ kind: 'not_found', status: 404 });
  });
});

describe('webhook destinations', () => {
  it('creates, lists, reads, updates and deletes a destination', async () => {
    const client = clientFor('console');
    const created = await client.createWebhookDestination({
      label: 'Console',
      url: 'http://127.0.0.1:9/webhooks/didit',
      webhook_version: 'v3',
      subscribed_events: ['status.updated', 'data.updated'],
    });
    expect(created.secret_shared_key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await client.listWebhookDestinations()).map((d) => d.uuid)).toContain(created.uuid);
    expect(await client.getWebhookDestination(created.uuid)).toMatchObject({
      uuid: created.uuid,
      label: 'Console',
    });
    const updated = await client.updateWebhookDestination(created.uuid, {
      subscribed_events: ['status.updated'],
    });
    expect(updated.subscribed_events).toEqual(['status.updated']);
    expect(updated.secret_shared_key).toBe(created.secret_shared_key);
    await client.deleteWebhookDestination(created.uuid);
    expect(await failure(client.getWebhookDestination(created.uuid))).toMatchObject({ kind: 'not_found' });
    expect(await failure(client.deleteWebhookDestination(created.uuid))).toMatchObject({ kind: 'not_found' });
  });

  it('refuses an empty event list (400)', async () => {
    const e = await failure(
      clientFor('console').createWebhookDestination({
        label: 'x',
        url: 'http://127.0.0.1:9/x',
        subscribed_events: [],
      }),
    );
    expect(e).toMatchObject({ kind: 'bad_request', status: 400 });
    expect(e.detail).toMatch(/^subscribed_events: /);
  });
});

describe('rate limits and faults (sandbox of its own)', () => {
  /** A sandbox served through a counter, so the tests count what reached the server. */
  async function countedSandbox(options: Parameters<typeof createSandbox>[0]) {
    const sb = createSandbox({ seed: 11, stepDelayMs: 10, ...options });
    const seen: { method: string; path: string }[] = [];
    const server = serve({
      port: 0,
      hostname: '127.0.0.1',
      fetch: (req: Request) => {
        seen.push({ method: req.method, path: new URL(req.url).pathname });
        return sb.app.fetch(req);
      },
    });
    await new Promise<void>((r) => server.once('listening', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const consoleApp = sb.applications.find((a) => a.name === 'console')!;
    return {
      sb,
      seen,
      url,
      consoleApp,
      async close() {
        await sb.close();
        await new Promise<void>((r) => {
          server.close(() => r());
          (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        });
      },
    };
  }

  it("Didit's own 429 (tiny limits) becomes rate_limited with Retry-After and pauses the limiter", async () => {
    const t = await countedSandbox({ rateLimits: { get: 2, write: 1 } });
    try {
      const client = new DiditClient({ baseUrl: t.url, apiKey: t.consoleApp.api_key, maxGetRetries: 0 });
      await client.listSessions({});
      await client.listSessions({});
      const e = await failure(client.listSessions({}));
      expect(e).toMatchObject({ kind: 'rate_limited', status: 429 });
      expect(e.retryAfterSeconds).toBeGreaterThanOrEqual(50);
      expect(client.limiter.stats().pausedUntil).toBeGreaterThan(Date.now() + 45_000);
      expect(t.seen).toHaveLength(3);
    } finally {
      await t.close();
    }
  });

  it('a client limited like the sandbox never triggers its 429', async () => {
    const t = await countedSandbox({ rateLimits: { get: 600, write: 3 } });
    try {
      const limiter = new DiditRateLimiter({ writePerMinute: 3 });
      const client = new DiditClient({ baseUrl: t.url, apiKey: t.consoleApp.api_key, limiter });
      const wf = t.consoleApp.workflows.find((w) => w.session_kind === 'user')!.workflow_id;
      await Promise.all(
        [1, 2, 3].map((i) => client.createSession({ workflow_id: wf, vendor_data: `v-${i}` })),
      );
      expect(limiter.stats().write.inWindow).toBe(3);
      // The fourth would wait for the window; it must not be sent early.
      const fourth = client.createSession({ workflow_id: wf });
      await new Promise((r) => setTimeout(r, 300));
      expect(t.seen).toHaveLength(3);
      expect(limiter.stats().write.waiting).toBe(1);
      void fourth.catch(() => undefined);
    } finally {
      await t.close();
    }
  });

  it('honours Retry-After on a 429 and then succeeds', async () => {
    const t = await countedSandbox({ rateLimits: false });
    try {
      const calls: DiditCallEvent[] = [];
      t.sb.faults.set({ status429Rate: 1, retryAfterSeconds: 1 });
      const client = new DiditClient({
        baseUrl: t.url,
        apiKey: t.consoleApp.api_key,
        onCall: (e) => {
          calls.push(e);
          t.sb.faults.clear();
        },
      });
      const started = Date.now();
      await client.listSessions({});
      expect(Date.now() - started).toBeGreaterThanOrEqual(990);
      expect(calls.map((c) => c.status)).toEqual([429, 200]);
      expect(calls[1]!.waitedMs).toBeGreaterThanOrEqual(950);
      expect(t.seen).toHaveLength(2);
    } finally {
      await t.close();
    }
  });

  it.each([
    ['5xx', { status5xxRate: 1 }, true],
    ['truncated body', { truncateRate: 1 }, false],
    ['hang', { hangRate: 1 }, true],
  ] as const)(
    'after a %s a GET is retried and a POST is not (counted at the server)',
    async (_n, fault, exact) => {
      const t = await countedSandbox({ rateLimits: false });
      try {
        const attempts: DiditCallEvent[] = [];
        const client = new DiditClient({
          baseUrl: t.url,
          apiKey: t.consoleApp.api_key,
          // Only the hang needs a short timeout: elsewhere a loaded machine must not turn slowness into faults.
          timeoutMs: 'hangRate' in fault ? 300 : 5_000,
          retryBaseDelayMs: 1,
          maxGetRetries: 2,
          onCall: (e) => attempts.push(e),
        });
        const id = (
          await t.sb.seedSessions({ application: 'console', count: 1, kind: 'user', statuses: ['Approved'] })
        )[0]!;
        const partner = t.sb.applications.find((a) => a.name === 'partner')!.application_id;
        const count = (method: string) => t.seen.filter((r) => r.method === method).length;

        t.sb.faults.set(fault);
        const e = await failure(client.getDecision(id));
        expect(['server', 'invalid_response', 'network', 'timeout']).toContain(e.kind);
        expect(attempts.filter((a) => a.method === 'GET')).toHaveLength(3);
        // A connection the server reset can take the next attempt down with it before it reaches the
        // server; what matters is that retries did reach it.
        if (exact) expect(count('GET')).toBe(3);
        else expect(count('GET')).toBeGreaterThanOrEqual(2);

        const w = await failure(client.shareSession(id, { for_application_id: partner }));
        expect(w.mayHaveApplied).toBe(true);
        expect(attempts.filter((a) => a.method === 'POST')).toHaveLength(1);
        if (exact) expect(count('POST')).toBe(1);
        else expect(count('POST')).toBeLessThanOrEqual(1);

        // Once the fault clears, the same GET succeeds.
        t.sb.faults.clear();
        const healthy = new DiditClient({ baseUrl: t.url, apiKey: t.consoleApp.api_key });
        expect((await healthy.getDecision(id)).session_id).toBe(id);
      } finally {
        await t.close();
      }
    },
  );

  it('a GET recovers when only its first attempt fails', async () => {
    const t = await countedSandbox({ rateLimits: false });
    try {
      const id = (
        await t.sb.seedSessions({ application: 'console', count: 1, kind: 'user', statuses: ['Approved'] })
      )[0]!;
      t.sb.faults.set({ truncateRate: 1 });
      const client = new DiditClient({
        baseUrl: t.url,
        apiKey: t.consoleApp.api_key,
        retryBaseDelayMs: 1,
        onCall: () => t.sb.faults.clear(),
      });
      expect((await client.getDecision(id)).session_id).toBe(id);
      expect(t.seen.length).toBeGreaterThanOrEqual(1);
      expect(t.seen.length).toBeLessThanOrEqual(2);
    } finally {
      await t.close();
    }
  });
});
