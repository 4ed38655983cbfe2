// The client against a real HTTP server whose answers each test scripts: wire format, status mapping and
// the faults the sandbox cannot produce on demand (truncated bodies, redirects, echoed secrets).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { failure } from '../test/failure.ts';
import { json, type StubHandler, type StubServer, startStubServer } from '../test/stub-server.ts';
import { type DiditCallEvent, DiditClient, type DiditClientOptions, diditClientFor } from './client.ts';
import { DiditRateLimiter, rateLimiterFor } from './rate-limiter.ts';

const KEY = 'sk_test_Zx81KqP0vLmN3rT6yW9a';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzZXNzaW9uX2lkIjoiMSJ9.c2lnbmF0dXJlLWJ5dGVz';
const SID = '11111111-2222-3333-4444-555555555555';

let stub: StubServer | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

async function setup(handler: StubHandler, opts: Partial<DiditClientOptions> = {}) {
  stub = await startStubServer(handler);
  const calls: DiditCallEvent[] = [];
  const client = new DiditClient({
    baseUrl: `${stub.baseUrl}/`,
    apiKey: KEY,
    retryBaseDelayMs: 1,
    timeoutMs: 2_000,
    onCall: (e) => calls.push(e),
    ...opts,
  });
  return { client, calls, server: stub };
}

const decision = { session_id: SID, status: 'In Review', id_verifications: [{ node_id: 'n1', score: 95.0 }] };

describe('wire format', () => {
  it('sends x-api-key, JSON bodies and the documented paths with trailing slashes', async () => {
    const { client, server } = await setup((req, res) => {
      const p = req.path;
      if (p.startsWith('/v3/sessions/'))
        return json(res, 200, { count: 0, next: null, previous: null, results: [] });
      if (p.endsWith('/decision/')) return json(res, 200, decision);
      if (p.endsWith('/share/'))
        return json(res, 201, { share_token: TOKEN, for_application_id: 'app-2', session_kind: 'user' });
      if (p.endsWith('/import-shared/')) return json(res, 201, { session_id: 'new', status: 'In Review' });
      if (p.endsWith('/update-aml-hit-status/'))
        return json(res, 200, {
          message: 'Hit status updated successfully',
          hit_id: 'h1',
          review_status: 'False Positive',
        });
      if (p.endsWith('/update-status/')) return json(res, 200, { session_id: SID });
      if (p === '/v3/session/')
        return json(res, 201, { session_id: SID, status: 'Not Started', url: 'https://x' });
      if (p.startsWith('/v3/webhook/destinations/')) {
        if (req.method === 'DELETE') {
          res.writeHead(204);
          return res.end();
        }
        const d = {
          uuid: 'd1',
          label: 'l',
          url: 'https://h/webhooks/didit',
          enabled: true,
          subscribed_events: [],
        };
        return json(res, 200, req.method === 'GET' && p === '/v3/webhook/destinations/' ? [d] : d);
      }
      json(res, 500, {});
    });
    await client.createSession({ workflow_id: 'wf', vendor_data: 'user-1' });
    await client.getDecision(SID);
    await client.listSessions({
      session_kind: 'all',
      limit: 10,
      offset: 20,
      status: 'In Review',
      search: 'Ana María',
    });
    await client.updateStatus(SID, { new_status: 'Approved', comment: 'ok' });
    await client.shareSession(SID, { for_application_id: 'app-2', ttl_in_seconds: 600 });
    await client.importShared({ share_token: TOKEN, trust_review: false, workflow_id: 'wf' });
    await client.updateAmlHitStatus(SID, { hit_id: 'h1', review_status: 'False Positive' });
    await client.listWebhookDestinations();
    await client.createWebhookDestination({
      label: 'l',
      url: 'https://h',
      subscribed_events: ['status.updated'],
    });
    await client.getWebhookDestination('d1');
    await client.updateWebhookDestination('d1', { enabled: false });
    await expect(client.deleteWebhookDestination('d1')).resolves.toBeUndefined();

    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v3/session/',
      `GET /v3/session/${SID}/decision/`,
      'GET /v3/sessions/?session_kind=all&limit=10&offset=20&status=In+Review&search=Ana+Mar%C3%ADa',
      `PATCH /v3/session/${SID}/update-status/`,
      `POST /v3/session/${SID}/share/`,
      'POST /v3/session/import-shared/',
      `PATCH /v3/session/${SID}/update-aml-hit-status/`,
      'GET /v3/webhook/destinations/',
      'POST /v3/webhook/destinations/',
      'GET /v3/webhook/destinations/d1/',
      'PATCH /v3/webhook/destinations/d1/',
      'DELETE /v3/webhook/destinations/d1/',
    ]);
    for (const r of server.requests) {
      expect(r.headers['x-api-key']).toBe(KEY);
      if (r.method === 'GET' || r.method === 'DELETE') expect(r.body).toBe('');
      else expect(r.headers['content-type']).toBe('application/json');
    }
    expect(JSON.parse(server.requests[4]!.body)).toEqual({
      for_application_id: 'app-2',
      ttl_in_seconds: 600,
    });
    expect(JSON.parse(server.requests[3]!.body)).toEqual({ new_status: 'Approved', comment: 'ok' });
  });

  it('keeps decision arrays exactly as sent and refuses a decision without session_id', async () => {
    const { client } = await setup((_req, res, n) =>
      n === 1 ? json(res, 200, decision) : json(res, 200, { status: 'Approved' }),
    );
    expect(await client.getDecision(SID)).toEqual(decision);
    const err = await failure(client.getDecision(SID));
    expect(err).toMatchObject({ kind: 'invalid_response', status: 200 });
    expect(err.detail).toContain('session_id');
  });

  it('escapes ids into one path segment', async () => {
    const { client, server } = await setup((_req, res) => json(res, 404, { detail: 'Not found.' }));
    await failure(client.getDecision('../../v3/sessions/?x=1'));
    expect(server.requests[0]!.path).toBe('/v3/session/..%2F..%2Fv3%2Fsessions%2F%3Fx%3D1/decision/');
    await expect(client.getDecision('')).rejects.toThrow(TypeError);
  });

  it('tolerates both documented import shapes', async () => {
    const clone = {
      session_id: 'n1',
      session_number: 0,
      session_kind: 'user',
      status: 'Approved',
      shared_from_session: 'orig',
      vendor_data: 'u-9',
      id_verifications: [],
      proof_of_address: [],
    };
    const compact = {
      session_id: 'n2',
      session_number: 43762,
      session_url: null,
      status: 'In Review',
      workflow_id: 'wf',
      vendor_data: 'user-1',
      created_at: '2026-05-17T08:42:11Z',
      expires_at: '2026-05-24T08:42:11Z',
    };
    const { client } = await setup((_req, res, n) => json(res, 201, n === 1 ? clone : compact));
    const body = { share_token: TOKEN, trust_review: true, workflow_id: 'wf' };
    expect(await client.importShared(body)).toEqual({
      session_id: 'n1',
      status: 'Approved',
      session_kind: 'user',
      session_number: 0,
      shared_from_session: 'orig',
      workflow_id: null,
      vendor_data: 'u-9',
      shape: 'full_clone',
      body: clone,
    });
    expect(await client.importShared(body)).toMatchObject({
      session_id: 'n2',
      status: 'In Review',
      session_kind: null,
      shared_from_session: null,
      workflow_id: 'wf',
      shape: 'compact',
    });
  });

  it('accepts a destination list as a bare array or a paginated envelope', async () => {
    const d = {
      uuid: 'd1',
      label: 'l',
      url: 'https://h',
      enabled: true,
      subscribed_events: ['status.updated'],
    };
    const { client } = await setup((_req, res, n) =>
      json(res, 200, n === 1 ? [d] : { count: 1, results: [d] }),
    );
    expect(await client.listWebhookDestinations()).toEqual([d]);
    expect(await client.listWebhookDestinations()).toEqual([d]);
  });
});

describe('status mapping', () => {
  const detail = 'You do not have permission to perform this action.';
  it.each([
    ['getDecision', 403, 'auth'],
    ['getDecision', 401, 'auth'],
    ['getDecision', 404, 'not_found'],
    ['updateStatus', 400, 'bad_request'],
    ['updateStatus', 403, 'auth'],
    ['shareSession', 403, 'auth'],
    ['shareSession', 422, 'bad_request'],
    ['importShared', 401, 'invalid_share_token'],
    // DRF's generic permission body: the key's fault even on import (a token problem has another body).
    ['importShared', 403, 'auth'],
    ['importShared', 404, 'not_found'],
    ['importShared', 400, 'bad_request'],
    ['updateStatus', 503, 'server'],
    ['getDecision', 301, 'invalid_response'],
  ] as const)('%s answered %i is %s', async (method, status, kind) => {
    const { client, server } = await setup((_req, res) =>
      json(res, status, { detail }, status === 301 ? { location: 'https://elsewhere.example/' } : {}),
    );
    const call = {
      getDecision: () => client.getDecision(SID),
      updateStatus: () => client.updateStatus(SID, { new_status: 'Approved' }),
      shareSession: () => client.shareSession(SID, { for_application_id: 'app-2' }),
      importShared: () => client.importShared({ share_token: TOKEN, trust_review: false, workflow_id: 'wf' }),
    }[method];
    const err = await failure(call());
    expect(err.kind).toBe(kind);
    expect(err.status).toBe(status);
    expect(err.detail).toBe(detail);
    // Only a GET that failed with a 5xx is repeated; none of these are.
    expect(server.requests).toHaveLength(1);
  });

  it('never puts the API key or a share token into an error, and caps Didit detail', async () => {
    const { client } = await setup((req, res, n) => {
      const echoed = `key ${req.headers['x-api-key']} token ${JSON.parse(req.body || '{}').share_token ?? ''}`;
      if (n === 1) return json(res, 400, { detail: `${echoed} ${'x'.repeat(5_000)}` });
      json(res, 400, { share_token: [`bad ${TOKEN}`], workflow_id: ['This field is required.'] });
    });
    const e1 = await failure(
      client.importShared({ share_token: TOKEN, trust_review: false, workflow_id: 'wf' }),
    );
    const e2 = await failure(
      client.importShared({ share_token: TOKEN, trust_review: false, workflow_id: 'wf' }),
    );
    for (const e of [e1, e2]) {
      const all = `${e.message} ${e.detail} ${e.stack} ${JSON.stringify(e)}`;
      expect(all).not.toContain(KEY);
      expect(all).not.toContain(TOKEN);
      expect(all).not.toContain('eyJ');
      expect(e.detail!.length).toBeLessThanOrEqual(300);
    }
    expect(e2.detail).toBe('share_token: bad [redacted]; workflow_id: This field is required.');
  });

  it('reads no detail out of a non-JSON error page', async () => {
    const { client } = await setup((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>Bad gateway</html>');
    });
    const err = await failure(client.updateStatus(SID, { new_status: 'Declined' }));
    expect(err).toMatchObject({ kind: 'server', status: 502, mayHaveApplied: true });
    expect(err.detail).toBeUndefined();
  });
});

describe('retries: GETs only', () => {
  const faults: [string, StubHandler][] = [
    ['a 500', (_r, res) => json(res, 500, { detail: 'boom' })],
    [
      'a body cut short (connection closed mid-body)',
      (_r, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '400' });
        res.write('{"session_id": "11111111-2222-3333-4444-555555555555", "sta', () => res.socket?.destroy());
      },
    ],
    [
      'a complete body that is not JSON',
      (_r, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"session_id": "1111", "status": "In Rev');
      },
    ],
    ['a hang', () => {}],
  ];

  it.each(faults)('a GET is retried after %s, a POST is not', async (_name, fault) => {
    const { client, server, calls } = await setup(
      (req, res, n) => {
        const firstOfItsKind = req.method === 'GET' ? n <= 2 : true;
        if (firstOfItsKind) return fault(req, res, n);
        json(res, 200, decision);
      },
      { timeoutMs: 500 },
    );
    await expect(client.getDecision(SID)).resolves.toEqual(decision);
    const gets = server.requests.length;
    expect(gets).toBe(3);
    const err = await failure(client.shareSession(SID, { for_application_id: 'app-2' }));
    expect(server.requests.length - gets).toBe(1);
    expect(err.mayHaveApplied).toBe(true);
    expect(['server', 'network', 'invalid_response', 'timeout']).toContain(err.kind);
    expect(calls.map((c) => c.attempt)).toEqual([1, 2, 3, 1]);
  });

  it('a GET gives up after maxGetRetries and reports every attempt', async () => {
    const { client, server, calls } = await setup((_r, res) => json(res, 503, {}), { maxGetRetries: 2 });
    const err = await failure(client.listSessions({}));
    expect(err).toMatchObject({ kind: 'server', status: 503 });
    expect(server.requests).toHaveLength(3);
    expect(calls.map((c) => [c.endpoint, c.status])).toEqual([
      ['GET /v3/sessions/', 503],
      ['GET /v3/sessions/', 503],
      ['GET /v3/sessions/', 503],
    ]);
  });

  it('backs off exponentially with jitter between GET attempts', async () => {
    const slept: number[] = [];
    const { client } = await setup((_r, res) => json(res, 500, {}), {
      retryBaseDelayMs: 100,
      maxGetRetries: 4,
      random: () => 1,
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
    await failure(client.getDecision(SID));
    expect(slept).toEqual([100, 200, 400, 800]);
  });
});

describe('timeouts and network failures', () => {
  it('abandons a hanging call after timeoutMs, and a write says it may have applied', async () => {
    const { client, server, calls } = await setup(() => {}, { timeoutMs: 150, maxGetRetries: 1 });
    const t0 = Date.now();
    const get = await failure(client.getDecision(SID));
    expect(get).toMatchObject({ kind: 'timeout', mayHaveApplied: false });
    expect(server.requests).toHaveLength(2);
    const write = await failure(
      client.importShared({ share_token: TOKEN, trust_review: true, workflow_id: 'wf' }),
    );
    expect(write).toMatchObject({ kind: 'timeout', mayHaveApplied: true });
    expect(server.requests).toHaveLength(3);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(calls.every((c) => c.status === 'timeout' && c.ms >= 140)).toBe(true);
  });

  it('a response that starts but never finishes also times out', async () => {
    const { client } = await setup(
      (_r, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('{"session_id":');
      },
      { timeoutMs: 150, maxGetRetries: 0 },
    );
    expect(await failure(client.getDecision(SID))).toMatchObject({ kind: 'timeout' });
  });

  it('a refused connection is a network error; the write was never sent', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((r) => closed.close(() => r()));
    const calls: DiditCallEvent[] = [];
    const client = new DiditClient({
      baseUrl: `http://127.0.0.1:${port}`,
      apiKey: KEY,
      retryBaseDelayMs: 1,
      maxGetRetries: 2,
      onCall: (e) => calls.push(e),
    });
    expect(await failure(client.getDecision(SID))).toMatchObject({ kind: 'network', mayHaveApplied: false });
    expect(calls.map((c) => c.status)).toEqual(['network', 'network', 'network']);
    const write = await failure(client.createSession({ workflow_id: 'wf' }));
    expect(write).toMatchObject({ kind: 'network', mayHaveApplied: false });
    expect(write.message).not.toContain(KEY);
  });
});

describe('429', () => {
  it('pauses the whole limiter for Retry-After, then the GET succeeds', async () => {
    const limiter = new DiditRateLimiter();
    const { client, server, calls } = await setup(
      (req, res, n) => {
        if (n === 1) return json(res, 429, { detail: 'Request was throttled.' }, { 'retry-after': '1' });
        json(res, 200, req.method === 'PATCH' ? { session_id: SID } : decision);
      },
      { limiter },
    );
    const get = client.getDecision(SID);
    await vi.waitFor(() => expect(limiter.stats().pausedUntil).not.toBeNull());
    const pausedUntil = limiter.stats().pausedUntil!;
    // The pause holds writes too: Didit's scopes stack, and the 429 says the key is over budget somewhere.
    await client.updateStatus(SID, { new_status: 'Approved' });
    await expect(get).resolves.toEqual(decision);
    const patch = server.requests.find((r) => r.method === 'PATCH')!;
    expect(patch.at).toBeGreaterThanOrEqual(pausedUntil - 5);
    expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(990);
    expect(calls.map((c) => c.status)).toEqual([429, 200, 200]);
    expect(calls.find((c) => c.method === 'GET' && c.attempt === 2)!.waitedMs).toBeGreaterThanOrEqual(950);
  });

  it('honours X-RateLimit-Reset when Retry-After is absent', async () => {
    const { client, server } = await setup((_r, res, n) =>
      n === 1
        ? json(res, 429, {}, { 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 1) })
        : json(res, 200, decision),
    );
    await client.getDecision(SID);
    expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(900);
  });

  it('a write that got 429 with a short Retry-After is sent again once (Didit did not act)', async () => {
    const { client, server } = await setup((_r, res, n) =>
      n === 1
        ? json(res, 429, {}, { 'retry-after': '1' })
        : json(res, 201, { share_token: TOKEN, for_application_id: 'app-2', session_kind: 'user' }),
    );
    await expect(client.shareSession(SID, { for_application_id: 'app-2' })).resolves.toMatchObject({
      share_token: TOKEN,
    });
    expect(server.requests).toHaveLength(2);
  });

  it('a write that got 429 twice, or with a long Retry-After, is surfaced as rate_limited', async () => {
    const { client, server } = await setup((_r, res, n) =>
      json(res, 429, {}, { 'retry-after': n <= 2 ? '0' : '30' }),
    );
    const twice = await failure(client.updateStatus(SID, { new_status: 'Approved' }));
    expect(twice).toMatchObject({ kind: 'rate_limited', status: 429, retryAfterSeconds: 0 });
    expect(server.requests).toHaveLength(2);
    const long = await failure(client.updateStatus(SID, { new_status: 'Approved' }));
    expect(long).toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 30 });
    expect(server.requests).toHaveLength(3);
    expect(client.limiter.stats().pausedUntil).toBeGreaterThan(Date.now() + 25_000);
  });
});

describe('one limiter per key', () => {
  it('two clients of the same key never exceed the shared budget, measured at the server', async () => {
    stub = await startStubServer((_r, res) => json(res, 200, decision));
    const registry = new Map<string, DiditRateLimiter>();
    const opts = { getPerMinute: 3, windowMs: 1_000, marginMs: 500 };
    const a = diditClientFor({ baseUrl: stub.baseUrl, apiKey: KEY }, registry, opts);
    const other = diditClientFor({ baseUrl: stub.baseUrl, apiKey: `${KEY}-other` }, registry, opts);
    const b = new DiditClient({
      baseUrl: stub.baseUrl,
      apiKey: KEY,
      limiter: rateLimiterFor(KEY, registry, opts),
    });
    await Promise.all([0, 1, 2, 3, 4, 5, 6].map((i) => (i % 2 ? a : b).getDecision(SID)));
    const at = stub.requests.map((r) => r.at).sort((x, y) => x - y);
    expect(at).toHaveLength(7);
    for (let i = 3; i < at.length; i++) expect(at[i]! - at[i - 3]!).toBeGreaterThanOrEqual(1_000);
    expect(a.limiter).toBe(b.limiter);
    expect(other.limiter).not.toBe(a.limiter);
  });
});
