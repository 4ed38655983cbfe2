import { fixedClock } from '@console/didit/clock';
import { documented } from '@console/didit/fixtures/documented';
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Receiver, type Running, startWithReceiver, waitFor } from '../test/helpers.ts';

const clock = fixedClock(new Date('2026-06-01T12:00:00Z'));
let s: Running;
let receiver: Receiver;

beforeAll(async () => {
  let close: () => Promise<void>;
  ({ s, receiver, close } = await startWithReceiver(
    ['status.updated'],
    { clock, applications: ['third'] },
    'c',
  ));
  return close;
});

const partnerSession = async (status: string, kind: 'user' | 'business' = 'user') =>
  (await s.sandbox.seedSessions({ application: 'partner', count: 1, kind, statuses: [status] }))[0]!;
const share = (id: string, body: Record<string, unknown>, key = s.keyOf('partner')) =>
  s.json('POST', `/v3/session/${id}/share/`, { key, body });
const importShared = (body: Record<string, unknown>, key = s.keyOf('console')) =>
  s.json('POST', '/v3/session/import-shared/', { key, body });
const payloadOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));

describe('POST /v3/session/{id}/share/', () => {
  it('mints an HS256 JWT scoped to the partner application (201)', async () => {
    const id = await partnerSession('Approved');
    const r = await share(id, { for_application_id: s.appId('console') });
    expect(r.status).toBe(201);
    expect(Object.keys(r.body).sort()).toEqual(['for_application_id', 'session_kind', 'share_token']);
    expect(r.body).toMatchObject({ for_application_id: s.appId('console'), session_kind: 'user' });
    const [header] = r.body.share_token.split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'HS256' });
    const p = payloadOf(r.body.share_token);
    expect(p).toMatchObject({
      session_id: id,
      session_kind: 'user',
      from_application_id: s.appId('partner'),
      for_application_id: s.appId('console'),
    });
    expect(p.exp - p.iat).toBe(3600);
  });

  it.each(['Approved', 'Declined', 'In Review'])(
    'shares a KYB session in %s (UPPER_SNAKE on the wire)',
    async (status) => {
      const id = await partnerSession(status, 'business');
      const r = await share(id, { for_application_id: s.appId('console'), ttl_in_seconds: 60 });
      expect(r).toMatchObject({ status: 201, body: { session_kind: 'business' } });
    },
  );

  it.each(['Not Started', 'In Progress', 'Abandoned'])('refuses a session in %s with 400', async (status) => {
    const id = await partnerSession(status);
    const r = await share(id, { for_application_id: s.appId('console') });
    // Didit's page shows no body for this refusal: the documented shape, no invented wording.
    expect(r.status).toBe(documented.errors.status_only.share_unfinished.status);
    expect(r.body).toEqual({ detail: 'Bad Request' });
  });

  it.each([
    [{ for_application_id: 'CONSOLE', ttl_in_seconds: 59 }, 400, 'ttl_in_seconds'],
    [{ for_application_id: 'CONSOLE', ttl_in_seconds: 86_401 }, 400, 'ttl_in_seconds'],
    [{ for_application_id: 'CONSOLE', ttl_in_seconds: 100.5 }, 400, 'ttl_in_seconds'],
    [{}, 400, 'for_application_id'],
    [{ for_application_id: 'PARTNER' }, 400, 'detail'],
    [{ for_application_id: '4c1e2b3a-0000-4000-8000-000000000000' }, 404, 'detail'],
  ])('rejects %j with %i', async (body, status, key) => {
    const id = await partnerSession('Approved');
    const real = JSON.parse(
      JSON.stringify(body)
        .replace('"CONSOLE"', JSON.stringify(s.appId('console')))
        .replace('"PARTNER"', JSON.stringify(s.appId('partner'))),
    );
    const r = await share(id, real);
    expect(r.status).toBe(status);
    expect(r.body).toHaveProperty(key);
  });

  it('answers 404 for a session of another application', async () => {
    const id = await partnerSession('Approved');
    const r = await share(id, { for_application_id: s.appId('partner') }, s.keyOf('console'));
    expect(r).toMatchObject({ status: 404, body: { detail: 'Not found.' } });
  });
});

describe('POST /v3/session/import-shared/', () => {
  it('clones a KYC session into the receiver (201, seed shape) and fires status.updated there', async () => {
    const id = await partnerSession('Approved');
    const original = (await s.json('GET', `/v3/session/${id}/decision/`, { key: s.keyOf('partner') })).body;
    const token = (await share(id, { for_application_id: s.appId('console') })).body.share_token;
    const r = await importShared({
      share_token: token,
      workflow_id: s.workflow('console', 'user'),
      vendor_data: 'mine-1',
      trust_review: true,
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      session_kind: 'user',
      status: 'Approved',
      shared_from_session: id,
      vendor_data: 'mine-1',
    });
    expect(r.body.session_id).not.toBe(id);
    for (const key of [
      'id_verifications',
      'liveness_checks',
      'face_matches',
      'aml_screenings',
      'database_validations',
      'proof_of_address',
      'phone_verifications',
      'email_verifications',
    ]) {
      expect(Array.isArray(r.body[key]), key).toBe(true);
    }
    expect(r.body.proof_of_address).toEqual(
      original.poa_verifications.map((p: any) => ({ ...p, document_file: expect.any(String) })),
    );
    const d = (await s.json('GET', `/v3/session/${r.body.session_id}/decision/`)).body;
    expect(d).toMatchObject({
      status: 'Approved',
      shared_from_session: id,
      vendor_data: 'mine-1',
      reviews: [],
    });
    expect(d.poa_verifications).toHaveLength(1);
    expect(d.id_verifications[0].document_number).toBe(original.id_verifications[0].document_number);
    const hook = await waitFor(() => receiver.received.find((x) => x.body.session_id === r.body.session_id));
    expect(hook.body).toMatchObject({ status: 'Approved', application_id: s.appId('console') });
    expect(hook.body.decision.shared_from_session).toBe(id);
  });

  it('lands a KYB import in IN_REVIEW without trust_review and uses the seed’s questionnaires key', async () => {
    const id = await partnerSession('Approved', 'business');
    const token = (await share(id, { for_application_id: s.appId('console') })).body.share_token;
    const r = await importShared({
      share_token: token,
      workflow_id: s.workflow('console', 'business'),
      trust_review: false,
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ session_kind: 'business', status: 'IN_REVIEW', shared_from_session: id });
    for (const key of [
      'registry_checks',
      'key_people_checks',
      'document_verifications',
      'aml_screenings',
      'questionnaires',
    ]) {
      expect(Array.isArray(r.body[key]), key).toBe(true);
    }
    const d = (await s.json('GET', `/v3/session/${r.body.session_id}/decision/`)).body;
    expect(d.status).toBe('IN_REVIEW');
    expect(d.questionnaire_responses).toHaveLength(1);
  });

  it('answers 403 for a second import of the same token, and for a token meant for another application', async () => {
    const id = await partnerSession('In Review');
    const token = (await share(id, { for_application_id: s.appId('console') })).body.share_token;
    const body = { share_token: token, workflow_id: s.workflow('console', 'user'), trust_review: true };
    expect((await importShared(body)).status).toBe(201);
    const again = await importShared(body);
    // The page gives the status only; the body is the documented shape and NOT the generic permission body
    // (that one means the API key: docs/didit.md §2.9, issue 16 item 4).
    const tokenRefusal = { detail: 'Forbidden' };
    expect(again.status).toBe(documented.errors.status_only.import_not_for_us_or_used.status);
    expect(again.body).toEqual(tokenRefusal);
    const third = await importShared({ ...body, workflow_id: s.workflow('third', 'user') }, s.keyOf('third'));
    expect([third.status, third.body]).toEqual([403, tokenRefusal]);
    expect(third.body).not.toEqual(documented.errors.forbidden.body);
  });

  it('answers 401 for an expired or forged token', async () => {
    const id = await partnerSession('Approved');
    const token = (await share(id, { for_application_id: s.appId('console'), ttl_in_seconds: 60 })).body
      .share_token;
    clock.advance(61_000);
    const expired = await importShared({ share_token: token, workflow_id: s.workflow('console', 'user') });
    expect(expired).toMatchObject({
      status: documented.errors.status_only.import_invalid_token.status,
      body: { detail: 'Unauthorized' },
    });
    const forged = await new SignJWT({
      ...payloadOf(token),
      exp: Math.floor(clock.now().getTime() / 1000) + 600,
    })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('not-the-sandbox-secret'));
    expect(
      (await importShared({ share_token: forged, workflow_id: s.workflow('console', 'user') })).status,
    ).toBe(401);
    expect(
      (await importShared({ share_token: 'garbage', workflow_id: s.workflow('console', 'user') })).status,
    ).toBe(401);
  });

  it('answers 404 for an unknown workflow and for a deleted source session', async () => {
    const id = await partnerSession('Approved');
    const token = (await share(id, { for_application_id: s.appId('console') })).body.share_token;
    const wrong = await importShared({ share_token: token, workflow_id: s.workflow('partner', 'user') });
    expect([wrong.status, wrong.body]).toEqual([404, documented.errors.not_found.body]);
    const del = await s.call('DELETE', `/v3/session/${id}/delete/`, { key: s.keyOf('partner') });
    expect(del.status).toBe(204);
    expect((await s.call('DELETE', `/v3/session/${id}/delete/`, { key: s.keyOf('partner') })).status).toBe(
      404,
    );
    const gone = await importShared({ share_token: token, workflow_id: s.workflow('console', 'user') });
    expect([gone.status, gone.body]).toEqual([404, documented.errors.not_found.body]);
  });

  it.each([
    [{ workflow_id: 'x' }, 'share_token'],
    [{ share_token: 'x' }, 'workflow_id'],
    [{ share_token: 'x', workflow_id: 'y', trust_review: 'yes' }, 'trust_review'],
  ])('rejects %j with 400', async (body, field) => {
    const r = await importShared(body);
    expect(r.status).toBe(400);
    expect(r.body).toHaveProperty(field);
  });
});
