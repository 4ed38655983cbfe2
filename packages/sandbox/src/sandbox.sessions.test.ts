import { fixedClock } from '@console/didit/clock';
import { parsePythonJson, pythonDumps } from '@console/didit/python-json';
import { type SignatureScheme, verifyWebhook } from '@console/didit/signature';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Receiver, type Running, startSandbox, startWithReceiver, waitFor } from '../test/helpers.ts';

let s: Running;
let receiver: Receiver;
let secret: string;

beforeAll(async () => {
  let close: () => Promise<void>;
  ({ s, receiver, secret, close } = await startWithReceiver(['status.updated', 'data.updated']));
  return close;
});

const create = (body: Record<string, unknown>, key?: string) =>
  s.json('POST', '/v3/session/', { body, ...(key ? { key } : {}) });

describe('auth, 404s and slashes', () => {
  it.each([
    ['missing key', null],
    ['unknown key', 'sbx_nope'],
  ])('answers 403 with the documented body for a %s', async (_what, key) => {
    for (const [method, path] of [
      ['GET', '/v3/sessions/'],
      ['POST', '/v3/session/'],
      ['GET', '/v3/webhook/destinations/'],
    ] as const) {
      const r = await s.json(method, path, { key });
      expect(r.status).toBe(403);
      expect(r.body).toEqual({ detail: 'You do not have permission to perform this action.' });
    }
  });

  it('answers 404 Not found. for an unknown session and for another application’s session', async () => {
    const unknown = await s.json('GET', '/v3/session/6f1d2c3b-0000-4000-8000-000000000000/decision/');
    expect(unknown).toMatchObject({ status: 404, body: { detail: 'Not found.' } });
    const theirs = await create({ workflow_id: s.workflow('partner', 'user') }, s.keyOf('partner'));
    expect(theirs.status).toBe(201);
    const r = await s.json('GET', `/v3/session/${theirs.body.session_id}/decision/`);
    expect(r).toMatchObject({ status: 404, body: { detail: 'Not found.' } });
  });

  it('redirects /v3/sessions to the slash form with 301', async () => {
    const r = await s.call('GET', '/v3/sessions?limit=2');
    expect(r.status).toBe(301);
    expect(r.headers.get('location')).toBe('/v3/sessions/?limit=2');
  });
});

describe('POST /v3/session/', () => {
  it('creates a KYC session (201, §2.1 fields) and returns the same unfinished one for the same vendor_data', async () => {
    const wf = s.workflow('console', 'user');
    const a = await create({
      workflow_id: wf,
      vendor_data: 'user-idem',
      metadata: { plan: 'a' },
      language: 'es',
    });
    expect(a.status).toBe(201);
    expect(Object.keys(a.body).sort()).toEqual(
      [
        'callback',
        'metadata',
        'session_id',
        'session_kind',
        'session_number',
        'session_token',
        'status',
        'url',
        'vendor_data',
        'workflow_id',
        'workflow_version',
      ].sort(),
    );
    expect(a.body).toMatchObject({
      status: 'Not Started',
      workflow_id: wf,
      session_kind: 'user',
      vendor_data: 'user-idem',
    });
    expect(a.body.session_token).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(a.body.url).toBe(`${s.base}/es/session/${a.body.session_token}`);
    const b = await create({
      workflow_id: wf,
      vendor_data: 'user-idem',
      metadata: { plan: 'b' },
      callback: 'myapp://done',
    });
    expect(b.status).toBe(201);
    expect(b.body.session_id).toBe(a.body.session_id);
    expect(b.body).toMatchObject({ metadata: { plan: 'b' }, callback: 'myapp://done' });
    const other = await create({ workflow_id: wf, vendor_data: 'user-other' });
    expect(other.body.session_id).not.toBe(a.body.session_id);
  });

  it.each([
    [{}, 400, { workflow_id: ['This field is required.'] }],
    [{ workflow_id: 'nope' }, 400, { workflow_id: ['Must be a valid UUID.'] }],
    [{ workflow_id: '0b7c1e55-0000-4000-8000-000000000000' }, 404, { detail: 'Not found.' }],
    [
      { workflow_id: 'WF', sandbox_scenario: 'explode' },
      400,
      { sandbox_scenario: ['"explode" is not a valid choice.'] },
    ],
    [{ workflow_id: 'WF', expected_details: { expected_document_types: ['p', 'XX'] } }, 400, undefined],
    [{ workflow_id: 'WF', metadata: 'plan' }, 400, { metadata: ['Must be a JSON object.'] }],
  ])('rejects %j with %i', async (body, status, expected) => {
    const real = JSON.parse(
      JSON.stringify(body).replace('"WF"', JSON.stringify(s.workflow('console', 'user'))),
    );
    const r = await create(real);
    expect(r.status).toBe(status);
    if (expected) expect(r.body).toEqual(expected);
    else expect(r.body.expected_details.expected_document_types[0]).toContain('XX');
  });

  it('shows a fresh session with every array null until the workflow runs it', async () => {
    for (const kind of ['user', 'business'] as const) {
      const r = await create({ workflow_id: s.workflow('console', kind) });
      const d = await s.json('GET', `/v3/session/${r.body.session_id}/decision/`);
      expect(d.body.status).toBe(kind === 'user' ? 'Not Started' : 'NOT_STARTED');
      expect(d.body.session_kind).toBe(kind);
      const arrays =
        kind === 'user'
          ? ['id_verifications', 'liveness_checks', 'aml_screenings']
          : ['registry_checks', 'key_people_checks'];
      for (const a of arrays) expect(d.body[a]).toBeNull();
    }
  });

  it('accepts known document types in any case, deduplicated', async () => {
    const r = await create({
      workflow_id: s.workflow('console', 'user'),
      expected_details: { expected_document_types: ['p', 'P', 'id'] },
    });
    expect(r.status).toBe(201);
    const d = await s.json('GET', `/v3/session/${r.body.session_id}/decision/`);
    expect(d.body.expected_details.expected_document_types).toEqual(['P', 'ID']);
  });
});

async function verifiedDeliveries(sessionId: string, count: number) {
  const got = await waitFor(() => {
    const rows = receiver.received.filter((r) => r.body.session_id === sessionId);
    return rows.length >= count ? rows : undefined;
  });
  const now = Math.floor(Date.now() / 1000);
  for (const r of got) {
    for (const scheme of ['v2', 'raw', 'simple'] as SignatureScheme[]) {
      const only = {
        'x-timestamp': r.headers['x-timestamp'] as string,
        ...(scheme === 'v2' ? { 'x-signature-v2': r.headers['x-signature-v2'] as string } : {}),
        ...(scheme === 'raw' ? { 'x-signature': r.headers['x-signature'] as string } : {}),
        ...(scheme === 'simple' ? { 'x-signature-simple': r.headers['x-signature-simple'] as string } : {}),
      };
      const v = verifyWebhook(r.raw, only, secret, now);
      expect(v, scheme).toMatchObject({ ok: true, scheme });
    }
    expect(r.headers['user-agent']).toBe('DiditWebhook/2.0 +https://didit.me');
    expect(r.headers['x-timestamp']).toBe(String(r.body.timestamp));
    // The raw bytes are Python's json.dumps(sort_keys, compact, ensure_ascii=False): they re-serialize to themselves.
    const text = r.raw.toString('utf8');
    expect(pythonDumps(parsePythonJson(text)) === text).toBe(true);
  }
  return got;
}

describe('sandbox_scenario', () => {
  it.each([
    ['user', 'approve', 'Approved'],
    ['user', 'review_aml_hit', 'In Review'],
    ['user', 'decline', 'Declined'],
    ['user', 'abandon', 'Abandoned'],
    ['business', 'review', 'IN_REVIEW'],
    ['business', 'decline_aml_hit', 'DECLINED'],
  ] as const)(
    'drives a %s session through %s to %s with a signed webhook at each step',
    async (kind, scenario, final) => {
      const r = await create({
        workflow_id: s.workflow('console', kind),
        vendor_data: `v-${scenario}-${kind}`,
        sandbox_scenario: scenario,
        metadata: { k: 1 },
      });
      expect(r.status).toBe(201);
      const id = r.body.session_id;
      const events = await verifiedDeliveries(id, 3);
      const statuses = events.map((e) => e.body.status);
      expect(statuses).toEqual(
        kind === 'user' ? ['Not Started', 'In Progress', final] : ['NOT_STARTED', 'IN_PROGRESS', final],
      );
      expect(events.map((e) => 'decision' in e.body)).toEqual([false, false, true]);
      expect(new Set(events.map((e) => e.body.event_id)).size).toBe(3);
      const last = events[2]!.body;
      expect(last).toMatchObject({
        webhook_type: 'status.updated',
        environment: 'sandbox',
        application_id: s.appId('console'),
        workflow_id: s.workflow('console', kind),
        vendor_data: `v-${scenario}-${kind}`,
        metadata: { k: 1 },
      });
      if (kind === 'business')
        expect(last).toMatchObject({ session_kind: 'business', business_session_id: id });
      expect(last.decision.status).toBe(final);
      const after = await s.json('GET', `/v3/session/${id}/decision/`);
      expect(after.body.status).toBe(final);
      if (scenario === 'review_aml_hit') {
        expect(after.body.aml_screenings[0].hits.some((h: any) => h.review_status === 'Unreviewed')).toBe(
          true,
        );
      }
    },
  );
});

describe('resubmission of a scenario session', () => {
  it('plays the returning user: Resubmitted → In Progress → Approved, each with a webhook', async () => {
    const r = await create({ workflow_id: s.workflow('console', 'user'), sandbox_scenario: 'review' });
    const id = r.body.session_id;
    await verifiedDeliveries(id, 3);
    const patch = await s.json('PATCH', `/v3/session/${id}/update-status/`, {
      body: { new_status: 'Resubmitted' },
    });
    expect(patch.status).toBe(200);
    const events = await verifiedDeliveries(id, 6);
    expect(events.slice(3).map((e) => e.body.status)).toEqual(['Resubmitted', 'In Progress', 'Approved']);
    expect(events[3]!.body.resubmit_info.nodes_to_resubmit.length).toBeGreaterThan(0);
    const d = await s.json('GET', `/v3/session/${id}/decision/`);
    expect(d.body.status).toBe('Approved');
    expect(d.body.reviews.map((x: any) => x.new_status)).toEqual(['Resubmitted']);
  });

  it('redirects a slash-less POST /v3/session too', async () => {
    const r = await s.call('POST', '/v3/session', { body: { workflow_id: s.workflow('console', 'user') } });
    expect(r.status).toBe(301);
    expect(r.headers.get('location')).toBe('/v3/session/');
  });
});

describe('decision media', () => {
  it('hands out fresh presigned links on every call; a stale link answers 403', async () => {
    const clock = fixedClock(new Date('2026-05-01T10:00:00Z'));
    const t = await startSandbox({ clock });
    try {
      const [id] = await t.sandbox.seedSessions({ application: 'console', count: 1, statuses: ['Approved'] });
      const first = await t.json('GET', `/v3/session/${id}/decision/`);
      const url1 = first.body.id_verifications[0].portrait_image as string;
      expect(url1.startsWith(`${t.base}/media/${id}/portrait.svg?expires=`)).toBe(true);
      const img = await fetch(url1);
      expect(img.status).toBe(200);
      expect(img.headers.get('content-type')).toBe('image/svg+xml');
      expect(await img.text()).toContain('<svg');
      clock.advance(10_000);
      const second = await t.json('GET', `/v3/session/${id}/decision/`);
      const url2 = second.body.id_verifications[0].portrait_image as string;
      expect(url2).not.toBe(url1);
      clock.advance(3_600_000);
      expect((await fetch(url1)).status).toBe(403);
      expect((await fetch(url2.replace(/signature=[0-9a-f]{4}/, 'signature=0000'))).status).toBe(403);
      expect((await fetch(url2)).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
