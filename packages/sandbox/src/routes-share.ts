import { createHash } from 'node:crypto';
import { type PyValue, parsePythonJson, pythonDumps } from '@console/didit/python-json';
import { Hono } from 'hono';
import { jwtVerify, SignJWT } from 'jose';
import { appOf, type Core, createApiSession, type SandboxEnv } from './core.ts';
import { optionalString } from './fields.ts';
import type { Obj } from './generator-context.ts';
import {
  fieldError,
  notFound,
  pyJson,
  readJsonObject,
  requestOrigin,
  UUID_RE,
  undocumented,
} from './http.ts';
import { type SessionKind, type SessionStatus, SHAREABLE_STATUSES, wireStatus } from './statuses.ts';

const TTL_MIN = 60;
const TTL_MAX = 86_400;
const TTL_DEFAULT = 3600;

interface SharePayload {
  session_id: string;
  session_kind: SessionKind;
  from_application_id: string;
  for_application_id: string;
}

/** Array keys of the import response: the seed's names (`proof_of_address`, `questionnaires`) [S2]. */
const IMPORT_KEYS_KYC: [string, string][] = [
  ['id_verifications', 'id_verifications'],
  ['nfc_verifications', 'nfc_verifications'],
  ['liveness_checks', 'liveness_checks'],
  ['face_matches', 'face_matches'],
  ['aml_screenings', 'aml_screenings'],
  ['database_validations', 'database_validations'],
  ['proof_of_address', 'poa_verifications'],
  ['phone_verifications', 'phone_verifications'],
  ['email_verifications', 'email_verifications'],
  ['ip_analyses', 'ip_analyses'],
  ['questionnaire_responses', 'questionnaire_responses'],
];
const IMPORT_KEYS_KYB: [string, string][] = [
  ['registry_checks', 'registry_checks'],
  ['key_people_checks', 'key_people_checks'],
  ['document_verifications', 'document_verifications'],
  ['aml_screenings', 'aml_screenings'],
  ['questionnaires', 'questionnaire_responses'],
  ['phone_verifications', 'phone_verifications'],
  ['email_verifications', 'email_verifications'],
  ['ip_analyses', 'ip_analyses'],
];

/** `POST /v3/session/{id}/share/` (docs/didit.md §2.8) and `POST /v3/session/import-shared/` (§2.9). */
export function shareRoutes(core: Core): Hono<SandboxEnv> {
  const r = new Hono<SandboxEnv>();

  r.post('/v3/session/:id/share/', async (c) => {
    const app = appOf(c);
    const rec = core.store.session(app, c.req.param('id'));
    if (!rec) throw notFound();
    const body = await readJsonObject(c);
    const forId = body.for_application_id;
    if (forId === undefined || forId === null || forId === '') {
      throw fieldError('for_application_id', 'This field is required.');
    }
    if (typeof forId !== 'string' || !UUID_RE.test(forId))
      throw fieldError('for_application_id', 'Must be a valid UUID.');
    const ttl = body.ttl_in_seconds ?? TTL_DEFAULT;
    if (typeof ttl !== 'number' || !Number.isInteger(ttl))
      throw fieldError('ttl_in_seconds', 'A valid integer is required.');
    if (ttl < TTL_MIN)
      throw fieldError('ttl_in_seconds', `Ensure this value is greater than or equal to ${TTL_MIN}.`);
    if (ttl > TTL_MAX)
      throw fieldError('ttl_in_seconds', `Ensure this value is less than or equal to ${TTL_MAX}.`);
    if (!SHAREABLE_STATUSES.has(rec.status)) {
      throw undocumented(400);
    }
    // Sharing with oneself and with an unknown application: refusals the page does not show (undocumented).
    if (forId.toLowerCase() === app.application_id) throw undocumented(400);
    const target = core.store.appById(forId.toLowerCase());
    if (!target) throw notFound();
    const iat = Math.floor(core.clock.now().getTime() / 1000);
    const payload: SharePayload = {
      session_id: rec.id,
      session_kind: rec.kind,
      from_application_id: app.application_id,
      for_application_id: target.application_id,
    };
    const token = await new SignJWT({ ...payload })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt(iat)
      .setExpirationTime(iat + ttl)
      .sign(core.store.shareSecret);
    return pyJson(c, 201, {
      share_token: token,
      for_application_id: target.application_id,
      session_kind: rec.kind,
    });
  });

  r.post('/v3/session/import-shared/', async (c) => {
    const app = appOf(c);
    const body = await readJsonObject(c);
    const token = body.share_token;
    if (typeof token !== 'string' || token === '') throw fieldError('share_token', 'This field is required.');
    const workflowId = body.workflow_id;
    if (typeof workflowId !== 'string' || workflowId === '')
      throw fieldError('workflow_id', 'This field is required.');
    const trust = body.trust_review ?? false;
    if (typeof trust !== 'boolean') throw fieldError('trust_review', 'Must be a valid boolean.');
    const vendorData = optionalString(body, 'vendor_data');

    let payload: SharePayload;
    try {
      const verified = await jwtVerify(token, core.store.shareSecret, {
        algorithms: ['HS256'],
        currentDate: core.clock.now(),
      });
      payload = verified.payload as unknown as SharePayload;
      if (typeof payload.session_id !== 'string' || typeof payload.for_application_id !== 'string')
        throw new Error('shape');
    } catch {
      throw undocumented(401);
    }
    if (payload.for_application_id !== app.application_id) throw undocumented(403);
    const pair = `${createHash('sha256').update(token).digest('hex')}:${app.application_id}`;
    if (core.store.imports.has(pair)) throw undocumented(403);
    const workflow = app.workflows.find((w) => w.workflow_id === workflowId.toLowerCase());
    // The import page's 404s (workflow not ours, source gone) carry DRF's documented 404 body.
    if (!workflow) throw notFound();
    const kind: SessionKind = payload.session_kind === 'business' ? 'business' : 'user';
    if (workflow.session_kind !== kind) {
      throw undocumented(400);
    }
    const source = core.store.sessions.get(payload.session_id);
    if (!source || source.deleted || source.app.application_id !== payload.from_application_id) {
      throw notFound();
    }
    const origin = requestOrigin(c);
    const status: SessionStatus =
      trust && SHAREABLE_STATUSES.has(source.status) ? source.status : 'In Review';
    const rec = createApiSession(core, { app, workflow, vendorData, origin });
    // A full clone of the source's data; fresh id, number, URL, audit trail and status.
    const clone = parsePythonJson(pythonDumps(source.decision)) as Obj;
    rec.sharedFrom = source.id;
    rec.contactDetails = clone.contact_details ?? null;
    rec.decision = {
      ...clone,
      session_id: rec.id,
      session_number: rec.number,
      session_url: core.store.hostedUrl(rec, origin),
      workflow_id: workflow.workflow_id,
      vendor_data: vendorData,
      metadata: null,
      callback: null,
      reviews: [],
      status_override: null,
      shared_from_session: source.id,
      created_at: core.clock.now().toISOString(),
    };
    core.store.setStatus(rec, status);
    core.store.imports.add(pair);
    void core.dispatcher.emit(rec, 'status.updated');

    const response: Obj = {
      session_id: rec.id,
      session_number: rec.number,
      session_kind: kind,
      status: wireStatus(rec, status),
      shared_from_session: source.id,
      vendor_data: vendorData,
      workflow_id: workflow.workflow_id,
      session_url: rec.decision.session_url as string,
      created_at: rec.decision.created_at as string,
      expires_at: (clone.expires_at ?? null) as PyValue,
    };
    for (const [key, from] of kind === 'user' ? IMPORT_KEYS_KYC : IMPORT_KEYS_KYB) {
      response[key] = rec.decision[from] ?? [];
    }
    return pyJson(c, 201, response, core.signer(origin));
  });

  return r;
}
