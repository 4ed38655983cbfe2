import { z } from '@hono/zod-openapi';
import { AppError } from '../platform/errors.ts';
import { attachmentDisposition } from '../platform/http/content-disposition.ts';
import { json, jsonBody, route } from '../platform/http/openapi.ts';
import { createRouter } from '../platform/http/router.ts';
import { actorOf } from '../review/review.routes.ts';
import { buildCaseReport } from './report.service.ts';
import {
  eraseSession,
  getRetention,
  type RecordsDeps,
  releaseLegalHold,
  setLegalHold,
} from './retention.service.ts';

// No id alphabet here: Didit's session ids are UUIDs (https://docs.didit.me/sessions-api/update-status,
// "session_id (UUID)"), but the intake files whatever id an authentic webhook names, and every other
// `/api/sessions/{id}` route answers such a case. An unknown id is a 404 like anywhere else.
const SessionParam = z.object({ id: z.string() });
const Reason = z.object({ reason: z.string().trim().min(3).max(2000) });
const EraseBody = Reason.extend({
  /** The session id typed again: an erasure cannot be undone. */
  confirm_session_id: z.string().min(1).max(200),
});
const Person = z.object({ id: z.string(), name: z.string() }).nullable();
const Retention = z.object({
  legal_hold: z.object({ reason: z.string(), set_by: Person, set_at: z.string() }).nullable(),
  erasure: z
    .object({
      reason: z.string(),
      erased_by: Person,
      erased_at: z.string(),
      didit_outcome: z.enum(['deleted', 'already_gone']),
      events_redacted: z.number(),
    })
    .nullable(),
});

const reportRoute = route('get', '/api/sessions/{id}/report.pdf', {
  summary:
    "The case report (PDF): the console's record (decision, reviewers, four-eyes, notes, AML dispositions, " +
    "provenance, the case's audit entries and the chain head) with Didit's generate-pdf report appended for " +
    'roles that see full personal data; audited',
  request: { params: SessionParam },
  responses: {
    200: {
      description: 'application/pdf, with case-record.json attached',
      content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } },
    },
  },
  errors: { 404: 'NOT_FOUND' },
});
const retentionRoute = route('get', '/api/sessions/{id}/retention', {
  summary: "The case's legal hold and erasure, if any",
  request: { params: SessionParam },
  responses: { 200: json(Retention, 'Hold and erasure') },
});
const holdRoute = route('post', '/api/sessions/{id}/legal-hold', {
  summary: 'Put the case under a legal hold (erasure is refused while it is set); audited',
  request: { params: SessionParam, body: jsonBody(Reason) },
  responses: { 200: json(Retention, 'Held') },
  errors: { 404: 'NOT_FOUND', 409: 'LEGAL_HOLD_ALREADY_SET or SESSION_ERASED' },
});
const releaseRoute = route('post', '/api/sessions/{id}/legal-hold/release', {
  summary: 'Release the legal hold; audited with the reason',
  request: { params: SessionParam, body: jsonBody(Reason) },
  responses: { 200: json(Retention, 'Released') },
  errors: { 409: 'LEGAL_HOLD_NOT_SET' },
});
const eraseRoute = route('post', '/api/sessions/{id}/erase', {
  summary:
    'Erase the case: delete the session at Didit, then redact its personal data here (event log, decision, ' +
    'ledgers); the statuses, decisions and audit trail stay. Refused while a legal hold is set',
  request: { params: SessionParam, body: jsonBody(EraseBody) },
  responses: { 200: json(Retention, 'Erased') },
  errors: {
    400: 'VALIDATION: confirm_session_id does not name this session',
    404: 'NOT_FOUND',
    409: 'LEGAL_HOLD (details.legal_hold) or SESSION_ERASED',
    502: 'DIDIT_ERROR: Didit refused the delete (nothing was redacted)',
    503: 'DIDIT_UNAVAILABLE',
  },
});

export function recordsRoutes(deps: RecordsDeps) {
  const app = createRouter();
  app.openapi(reportRoute, async (c) => {
    const user = c.get('user')!;
    const report = await buildCaseReport(deps, { ...actorOf(c), email: user.email }, c.req.valid('param').id);
    return c.body(report.pdf as unknown as ArrayBuffer, 200, {
      'content-type': 'application/pdf',
      'content-disposition': attachmentDisposition(report.filename),
      'cache-control': 'no-store',
    });
  });
  app.openapi(retentionRoute, async (c) => c.json(await getRetention(deps.db, c.req.valid('param').id), 200));
  app.openapi(holdRoute, async (c) =>
    c.json(await setLegalHold(deps, actorOf(c), c.req.valid('param').id, c.req.valid('json').reason), 200),
  );
  app.openapi(releaseRoute, async (c) =>
    c.json(
      await releaseLegalHold(deps, actorOf(c), c.req.valid('param').id, c.req.valid('json').reason),
      200,
    ),
  );
  app.openapi(eraseRoute, async (c) => {
    const id = c.req.valid('param').id;
    const input = c.req.valid('json');
    if (input.confirm_session_id !== id) {
      throw new AppError('VALIDATION', 'confirm_session_id: type the session id to confirm the erasure');
    }
    return c.json(await eraseSession(deps, actorOf(c), id, input.reason), 200);
  });
  return app;
}
