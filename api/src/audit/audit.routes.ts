import { z } from '@hono/zod-openapi';
import { json, keysetPage, route } from '../platform/http/openapi.ts';
import { createRouter } from '../platform/http/router.ts';
import type { AuditDeps } from './audit.deps.ts';
import { exportAudit, listAudit, verifyAuditLog } from './audit.query.ts';

const Entry = z.object({
  seq: z.number(),
  at: z.string(),
  actor_id: z.string().nullable(),
  actor_label: z.string(),
  action: z.string(),
  subject_type: z.string(),
  subject_id: z.string().nullable(),
  session_id: z.string().nullable(),
  request_id: z.string().nullable(),
  ip: z.string().nullable(),
  user_agent: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  details: z.unknown(),
  prev_hash: z.string(),
  hash: z.string(),
});
const Verdict = z.object({
  ok: z.boolean(),
  entries: z.number(),
  head: z.object({ seq: z.number(), hash: z.string() }).nullable(),
  first_broken: z
    .object({
      seq: z.number(),
      reason: z.enum(['seq_gap', 'prev_hash_mismatch', 'hash_mismatch', 'malformed']),
    })
    .optional(),
});

const listRoute = route('get', '/api/audit', {
  summary: 'Audit entries, newest first (keyset on seq)',
  request: {
    query: z.object({
      actor: z.string().max(320).optional(),
      action: z.string().max(100).optional(),
      session_id: z.string().max(100).optional(),
      from: z.iso.datetime({ offset: true }).optional(),
      to: z.iso.datetime({ offset: true }).optional(),
      cursor: z.string().max(100).optional(),
      limit: z.coerce.number().int().min(1).max(200).optional(),
    }),
  },
  responses: {
    200: json(
      keysetPage(Entry).extend({
        /** Name and email of each user id the page mentions (actors, holders, requesters, accounts). */
        people: z.record(z.string(), z.object({ name: z.string(), email: z.string() })),
        /** By seq: the note text or decision comments an entry refers to (not part of the chained entry). */
        context: z.record(
          z.string(),
          z.object({
            note: z.object({ body: z.string(), author_id: z.string() }).optional(),
            decision: z
              .object({
                new_status: z.string(),
                comment: z.string(),
                reason_codes: z.array(z.string()),
                state: z.string(),
                reject_comment: z.string().nullable(),
              })
              .optional(),
          }),
        ),
      }),
      'A page of entries',
    ),
  },
});

const verifyRoute = route('get', '/api/audit/verify', {
  summary: 'Recompute the hash chain end to end',
  responses: { 200: json(Verdict, 'ok, entry count, head, and the first broken entry if any') },
});

const exportRoute = route('get', '/api/audit/export', {
  summary: 'The whole log, streamed, for `pnpm audit:verify FILE` or a spreadsheet',
  request: { query: z.object({ format: z.enum(['jsonl', 'csv']).default('jsonl') }) },
  responses: {
    200: {
      description: 'JSON Lines or CSV, oldest first',
      content: { 'application/x-ndjson': { schema: z.string() }, 'text/csv': { schema: z.string() } },
    },
  },
});

export function auditRoutes(deps: AuditDeps) {
  const router = createRouter();
  router.openapi(listRoute, async (c) => c.json(await listAudit(deps.db, c.req.valid('query')), 200));
  router.openapi(verifyRoute, async (c) => c.json(await verifyAuditLog(deps.db), 200));
  router.openapi(exportRoute, async (c) => {
    const { format } = c.req.valid('query');
    const stamp = deps.clock.now().toISOString().replaceAll(':', '-').slice(0, 19);
    const body = await exportAudit(deps.db, format);
    return c.body(body, 200, {
      'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      'Content-Disposition': `attachment; filename="audit-${stamp}.${format}"`,
    }) as never;
  });
  return router;
}
