import { z } from '@hono/zod-openapi';
import { json, jsonBody, route } from '../platform/http/openapi.ts';
import { createRouter } from '../platform/http/router.ts';
import { type BulkInput, runBulk } from './bulk.service.ts';
import type { ReviewDeps } from './review.deps.ts';
import { actorOf } from './review.routes.ts';
import { Comment } from './review.schemas.ts';

const SessionIds = z.array(z.string().min(1).max(100)).min(1).max(100);

const Results = z.object({
  results: z.array(
    z.object({
      session_id: z.string(),
      ok: z.boolean(),
      staged: z.boolean().optional(),
      error: z.object({ code: z.string(), message: z.string() }).optional(),
    }),
  ),
});

const bulkRoute = <T extends z.ZodType>(path: string, summary: string, body: T) =>
  route('post', path, {
    summary,
    request: { body: jsonBody(body) },
    responses: { 200: json(Results, 'One result per case, in the order given; refusals are per case') },
  });

const assignRoute = bulkRoute(
  '/api/review/bulk/assign',
  'Assign several In Review cases to a reviewer (user_id null: unassign them)',
  z.object({ session_ids: SessionIds, user_id: z.uuid().nullable() }),
);
const resubmitRoute = bulkRoute(
  '/api/review/bulk/request-resubmission',
  'Ask for the chosen steps to be redone on several In Review cases, with one comment',
  z.object({
    session_ids: SessionIds,
    comment: Comment,
    reason_codes: z.array(z.string().min(1).max(100)).max(20).default([]),
    features: z
      .array(z.string().regex(/^[A-Z_]{2,40}$/))
      .min(1)
      .max(20),
  }),
);
const dismissRoute = bulkRoute(
  '/api/review/bulk/dismiss-aml-hits',
  'Mark the open AML hits of several In Review cases False Positive, with one comment',
  z.object({ session_ids: SessionIds, comment: Comment }),
);

export function bulkRoutes(deps: ReviewDeps) {
  const router = createRouter();
  const respond = async (actor: ReturnType<typeof actorOf>, input: BulkInput) => ({
    results: await runBulk(deps, actor, input),
  });
  router.openapi(assignRoute, async (c) =>
    c.json(await respond(actorOf(c), { action: 'assign', ...c.req.valid('json') }), 200),
  );
  router.openapi(resubmitRoute, async (c) =>
    c.json(await respond(actorOf(c), { action: 'request_resubmission', ...c.req.valid('json') }), 200),
  );
  router.openapi(dismissRoute, async (c) =>
    c.json(await respond(actorOf(c), { action: 'dismiss_aml_hits', ...c.req.valid('json') }), 200),
  );
  return router;
}
