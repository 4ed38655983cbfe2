import { type PyValue, parsePythonJson } from '@console/didit/python-json';
import { Hono } from 'hono';
import { appOf, type Core, createApiSession, type SandboxEnv } from './core.ts';
import { optionalString } from './fields.ts';
import {
  badRequest,
  fieldError,
  notFound,
  pyJson,
  readJsonObject,
  requestOrigin,
  toPy,
  UUID_RE,
} from './http.ts';
import { isScenario, UNFINISHED_STATUSES, wireStatus } from './statuses.ts';
import type { SessionRecord } from './store.ts';

const DOCUMENT_TYPES = ['P', 'ID', 'DL', 'RP', 'HIC', 'TC', 'SSC'] as const;
const CALLBACK_METHODS = ['initiator', 'completer', 'both'];
const PORTRAIT_MAX_BYTES = 2 * 1024 * 1024;

function optionalObject(body: Record<string, unknown>, field: string): Record<string, unknown> | null {
  const v = body[field];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'object' || Array.isArray(v)) throw fieldError(field, 'Must be a JSON object.');
  return v as Record<string, unknown>;
}

function expectedDetails(body: Record<string, unknown>): Record<string, unknown> | null {
  const details = optionalObject(body, 'expected_details');
  if (!details || details.expected_document_types === undefined) return details;
  const types = details.expected_document_types;
  if (!Array.isArray(types) || types.some((t) => typeof t !== 'string')) {
    throw badRequest({ expected_details: { expected_document_types: ['Expected a list of items.'] } });
  }
  const upper = [...new Set((types as string[]).map((t) => t.trim().toUpperCase()))];
  const unknown = upper.filter((t) => !(DOCUMENT_TYPES as readonly string[]).includes(t));
  if (unknown.length > 0) {
    throw badRequest({
      expected_details: {
        expected_document_types: [
          `Invalid document type(s): ${unknown.join(', ')}. Allowed values: ${DOCUMENT_TYPES.join(', ')}.`,
        ],
      },
    });
  }
  return { ...details, expected_document_types: upper };
}

function createResponse(rec: SessionRecord, url: string): PyValue {
  return {
    session_id: rec.id,
    session_number: rec.number,
    session_token: rec.token,
    url,
    vendor_data: rec.vendorData,
    metadata: rec.metadata,
    status: wireStatus(rec, rec.status),
    workflow_id: rec.workflow.workflow_id,
    workflow_version: rec.workflowVersion,
    callback: rec.callback,
    session_kind: rec.kind,
  };
}

/** `POST /v3/session/`, `GET /v3/session/{id}/decision/`, `DELETE /v3/session/{id}/delete/`. */
export function sessionRoutes(core: Core): Hono<SandboxEnv> {
  const r = new Hono<SandboxEnv>();

  r.post('/v3/session/', async (c) => {
    const app = appOf(c);
    const body = await readJsonObject(c);
    const workflowId = body.workflow_id;
    if (workflowId === undefined || workflowId === null || workflowId === '') {
      throw fieldError('workflow_id', 'This field is required.');
    }
    if (typeof workflowId !== 'string' || !UUID_RE.test(workflowId)) {
      throw fieldError('workflow_id', 'Must be a valid UUID.');
    }
    // Unknown workflow: 404, as import-shared documents for its workflow_id (create's is unconfirmed).
    const workflow = app.workflows.find((w) => w.workflow_id === workflowId.toLowerCase());
    if (!workflow) throw notFound();
    const kyb = workflow.session_kind === 'business';
    const vendorData = optionalString(body, 'vendor_data');
    const callback = optionalString(body, 'callback');
    const language = optionalString(body, 'language');
    const callbackMethod = optionalString(body, 'callback_method') ?? 'initiator';
    if (!CALLBACK_METHODS.includes(callbackMethod)) {
      throw fieldError('callback_method', `"${callbackMethod}" is not a valid choice.`);
    }
    optionalObject(body, 'metadata');
    // Echoed as Python holds it (json.loads keeps 95.0 a float and big integers exact), not as JS parsed it.
    const metadata = (parsePythonJson(await c.req.text()) as Record<string, PyValue>).metadata ?? null;
    const contact = optionalObject(body, 'contact_details');
    const expected = expectedDetails(body);
    const portrait = optionalString(body, 'portrait_image');
    if (portrait !== null && Math.floor((portrait.length * 3) / 4) > PORTRAIT_MAX_BYTES) {
      throw fieldError('portrait_image', 'The image must be at most 2 MB.');
    }
    const scenario = body.sandbox_scenario;
    if (
      scenario !== undefined &&
      scenario !== null &&
      !(isScenario(scenario) && core.scenarios.includes(scenario))
    ) {
      throw fieldError('sandbox_scenario', `"${String(scenario)}" is not a valid choice.`);
    }
    const origin = requestOrigin(c);

    if (vendorData !== null) {
      for (const s of core.store.sessions.values()) {
        if (
          s.app === app &&
          !s.deleted &&
          s.workflow === workflow &&
          s.vendorData === vendorData &&
          UNFINISHED_STATUSES.has(s.status)
        ) {
          s.callback = callback;
          s.metadata = metadata;
          s.decision.callback = callback;
          s.decision.metadata = s.metadata;
          return pyJson(c, 201, createResponse(s, core.store.hostedUrl(s, origin)));
        }
      }
    }

    core.createQuota.take(app, core.clock.now());
    const rec = createApiSession(core, {
      app,
      workflow,
      vendorData,
      metadata,
      callback,
      callbackMethod,
      language,
      // KYB ignores the phone and the expected details [D:create.md].
      contactDetails: contact ? toPy(kyb ? { ...contact, phone: null } : contact) : null,
      expectedDetails: kyb ? null : toPy(expected),
      scenario: isScenario(scenario) ? scenario : undefined,
      origin,
    });
    void core.dispatcher.emit(rec, 'status.updated');
    if (rec.scenario) core.runScenario(rec, origin);
    return pyJson(c, 201, createResponse(rec, core.store.hostedUrl(rec, origin)));
  });

  r.get('/v3/session/:id/decision/', (c) => {
    const rec = core.store.session(appOf(c), c.req.param('id'));
    if (!rec) throw notFound();
    return pyJson(c, 200, rec.decision, core.signer(requestOrigin(c)));
  });

  r.delete('/v3/session/:id/delete/', (c) => {
    const rec = core.store.session(appOf(c), c.req.param('id'));
    if (!rec) throw notFound();
    rec.deleted = true;
    return c.body(null, 204);
  });

  return r;
}
