import { z } from '@hono/zod-openapi';
import { json, jsonBody, route } from '../platform/http/openapi.ts';
import { createRouter } from '../platform/http/router.ts';
import { bulkFalsePositive, listCaseDispositions, undoLastAction } from './aml-actions.service.ts';
import type { ReviewDeps } from './review.deps.ts';
import { actorOf } from './review.routes.ts';
import { Comment, SessionParam } from './review.schemas.ts';

const Person = z.object({ id: z.string(), name: z.string() });

const Disposition = z.object({
  id: z.string(),
  action_id: z.string(),
  hit_id: z.string(),
  node_id: z.string().nullable(),
  previous_status: z.string().nullable(),
  new_status: z.string(),
  comment: z.string(),
  actor: Person,
  created_at: z.string(),
  undoes_action: z.string().nullable(),
});

const listRoute = route('get', '/api/sessions/{id}/aml-dispositions', {
  summary: "A case's AML hit dispositions with their comments, newest first, and the last undoable action",
  request: { params: SessionParam },
  responses: {
    200: json(
      z.object({
        items: z.array(Disposition),
        last_action: z
          .object({
            action_id: z.string(),
            actor_id: z.string(),
            hit_ids: z.array(z.string()),
            new_status: z.string(),
          })
          .nullable(),
      }),
      'Dispositions',
    ),
  },
});

const bulkRoute = route('post', '/api/sessions/{id}/aml-hits/false-positive', {
  summary:
    'Mark several AML hits False Positive with one comment (Didit bulk update, one audit entry per hit)',
  request: {
    params: SessionParam,
    body: jsonBody(
      z.object({
        hit_ids: z.array(z.string().min(1).max(200)).min(1).max(200),
        comment: Comment,
      }),
    ),
  },
  responses: {
    200: json(
      z.object({
        action_id: z.string(),
        hits: z.array(
          z.object({
            id: z.string(),
            node_id: z.string().nullable(),
            previous_review_status: z.string().nullable(),
          }),
        ),
        aml_unreviewed_hits: z.number(),
        refreshed: z.boolean(),
      }),
      'Didit took the dispositions',
    ),
  },
  errors: {
    404: 'NOT_FOUND: a hit is not on the case',
    409: 'CONFLICT: a selected hit is a Confirmed Match; CLAIMED_BY_OTHER',
  },
});

const undoRoute = route('post', '/api/sessions/{id}/aml-dispositions/undo', {
  summary: "Undo the case's last disposition action (its author only), restoring each hit's previous status",
  request: {
    params: SessionParam,
    body: jsonBody(z.object({ action_id: z.uuid(), comment: Comment.optional() })),
  },
  responses: { 200: json(z.object({ undone: z.string(), aml_unreviewed_hits: z.number() }), 'Undone') },
  errors: {
    403: 'FORBIDDEN: not your disposition',
    409: 'CONFLICT: not the last action, or a hit changed since',
  },
});

export function amlRoutes(deps: ReviewDeps) {
  const router = createRouter();
  router.openapi(listRoute, async (c) =>
    c.json(await listCaseDispositions(deps, c.req.valid('param').id), 200),
  );
  router.openapi(bulkRoute, async (c) =>
    c.json(await bulkFalsePositive(deps, actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  router.openapi(undoRoute, async (c) =>
    c.json(await undoLastAction(deps, actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  return router;
}
