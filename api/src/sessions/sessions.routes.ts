import { QUEUE_SORTS } from '@console/contract/queue';
import type { EntityStatus } from '@console/didit/types';
import { z } from '@hono/zod-openapi';
import { seesFullPersonalData } from '../authz/personal-data.ts';
import { json, route } from '../platform/http/openapi.ts';
import { createRouter } from '../platform/http/router.ts';
import type { FetchDeps } from './fetch-decision.ts';
import { SessionProvenance } from './provenance.view.ts';
import {
  getSessionDetail,
  listSessionsPage,
  refreshSession,
  type SessionDetailExtensions,
} from './sessions.service.ts';

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
const isoDate = z.iso
  .datetime({ offset: true })
  .or(z.iso.date())
  .transform((v) => new Date(v));

const ListQuery = z
  .object({
    status: z.string().trim().min(1).max(200).optional(),
    kind: z.enum(['user', 'business']).optional(),
    imported: bool.optional(),
    q: z.string().trim().min(1).max(200).optional(),
    workflow_id: z.string().trim().min(1).max(200).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    has_aml_hits: bool.optional(),
    has_unreviewed_hits: bool.optional(),
    has_issues: bool.optional(),
    /** The person's or business's entity status (issue 16), one or several comma-separated. */
    entity_status: z
      .string()
      .regex(/^(ACTIVE|FLAGGED|BLOCKED)(,(ACTIVE|FLAGGED|BLOCKED))*$/, 'ACTIVE, FLAGGED or BLOCKED')
      .transform((v) => [...new Set(v.split(','))] as EntityStatus[])
      .optional(),
    /** Live claims (review feature): cases the caller holds, or that nobody holds. */
    assigned: z.enum(['me', 'none']).optional(),
    /** Ascending (`oldest`) or descending (`newest`) on the sort's key; the session id breaks ties. */
    order: z.enum(['oldest', 'newest']).default('oldest'),
    /**
     * When the case began (`created`, the default), its last event, its session number, its subject's name
     * (case and accents ignored; none last), its status (then age) or its findings (open AML hits, errors,
     * warnings, then age). A cursor belongs to its sort.
     */
    sort: z.enum(QUEUE_SORTS).default('created'),
    cursor: z.string().max(400).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .refine((q) => !q.from || !q.to || q.from.getTime() <= q.to.getTime(), {
    message: 'from must not be after to',
    path: ['from'],
  });

const SessionItem = z.object({
  session_id: z.string(),
  session_number: z.number().nullable(),
  session_kind: z.enum(['user', 'business']),
  status: z.string().nullable(),
  status_key: z.string().nullable(),
  workflow_id: z.string().nullable(),
  workflow_version: z.number().nullable(),
  vendor_data: z.string().nullable(),
  full_name: z.string().nullable(),
  document_number: z.string().nullable(),
  warning_counts: z.object({ error: z.number(), warning: z.number(), information: z.number() }),
  aml_hits: z.number(),
  aml_unreviewed_hits: z.number(),
  shared_from_session: z.string().nullable(),
  imported: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
  last_event_at: z.string(),
});
const Detail = z.object({
  session: SessionItem.extend({ decision: z.unknown(), metadata: z.unknown() }),
  history: z.array(
    z.object({
      status: z.string().nullable(),
      at: z.string(),
      source: z.string(),
      event_id: z.string().nullable(),
    }),
  ),
  provenance: SessionProvenance.nullable(),
  shares: z.array(z.unknown()),
});
const IdParam = z.object({ id: z.string().min(1).max(200) });

const listRoute = route('get', '/api/sessions', {
  summary: 'The review queue: filters, keyset pages (oldest first by default)',
  request: { query: ListQuery },
  responses: {
    200: json(
      z.object({
        items: z.array(
          SessionItem.extend({
            assignee: z.object({ id: z.string(), name: z.string(), expires_at: z.string() }).nullable(),
            /** Whose desk the case is on (POST /api/sessions/{id}/assignment); does not lapse. */
            assigned_to: z.object({ id: z.string(), name: z.string(), assigned_at: z.string() }).nullable(),
          }),
        ),
        next_cursor: z.string().nullable(),
        /** First page only: how many sessions match, exact up to 1,000, else an estimate (`exact: false`). */
        total: z.object({ count: z.number(), exact: z.boolean() }).optional(),
      }),
      'A page',
    ),
  },
});
const detailRoute = route('get', '/api/sessions/{id}', {
  summary: 'A case: the latest decision, its status history, provenance and shares',
  request: { params: IdParam },
  responses: { 200: json(Detail, 'The case') },
  errors: { 404: 'NOT_FOUND' },
});
const refreshRoute = route('post', '/api/sessions/{id}/refresh', {
  summary: 'Re-fetch the decision from Didit and apply it',
  request: { params: IdParam },
  responses: { 200: json(Detail, 'The refreshed case') },
  errors: { 404: 'NOT_FOUND at Didit' },
});

export function sessionsRoutes(deps: FetchDeps, ext: SessionDetailExtensions = {}) {
  const app = createRouter();
  app.openapi(listRoute, async (c) => {
    const q = c.req.valid('query');
    const page = await listSessionsPage(deps.db, {
      status: q.status,
      kind: q.kind,
      imported: q.imported,
      q: q.q,
      workflowId: q.workflow_id,
      from: q.from,
      to: q.to,
      hasAmlHits: q.has_aml_hits,
      hasUnreviewedHits: q.has_unreviewed_hits,
      hasIssues: q.has_issues,
      entityStatuses: q.entity_status,
      assigned:
        q.assigned === 'me'
          ? { mode: 'me', userId: c.get('user')!.id }
          : q.assigned === 'none'
            ? { mode: 'none' }
            : undefined,
      now: deps.clock.now(),
      order: q.order,
      sort: q.sort,
      cursor: q.cursor,
      limit: q.limit,
      fullPersonalData: seesFullPersonalData(c.get('user')!.roles),
    });
    return c.json(page, 200);
  });
  app.openapi(detailRoute, async (c) => {
    const fullPersonalData = seesFullPersonalData(c.get('user')!.roles);
    return c.json(await getSessionDetail(deps.db, c.req.valid('param').id, ext, { fullPersonalData }), 200);
  });
  app.openapi(refreshRoute, async (c) => {
    const detail = await refreshSession(
      deps,
      { sessionId: c.req.valid('param').id, user: c.get('user')!, requestId: c.get('requestId') },
      ext,
    );
    return c.json(detail, 200);
  });
  return app;
}
