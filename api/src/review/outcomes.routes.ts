import { z } from '@hono/zod-openapi';
import { json, jsonBody, route } from '../platform/http/openapi.ts';
import { createRouter } from '../platform/http/router.ts';
import { listAwaitingMe, listMyFourEyes, withdrawStaged } from './outcomes.service.ts';
import type { ReviewDeps } from './review.deps.ts';
import { actorOf } from './review.routes.ts';
import { Comment, Decision } from './review.schemas.ts';

const Limit = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

const withdrawRoute = route('post', '/api/review/pending/{id}/withdraw', {
  summary: 'The reviewer who staged a decision takes it back before a second reviewer acts on it',
  request: {
    params: z.object({ id: z.uuid() }),
    body: jsonBody(z.object({ comment: Comment.optional() })),
  },
  responses: { 200: json(z.object({ decision: Decision }), 'Withdrawn') },
  errors: { 403: 'FORBIDDEN: not the requester', 409: 'CONFLICT: no longer staged' },
});

const mineRoute = route('get', '/api/review/mine', {
  summary: "The caller's own four-eyes decisions, latest first, with their outcome",
  request: { query: Limit },
  responses: { 200: json(z.object({ items: z.array(Decision) }), 'Latest first') },
});

const awaitingRoute = route('get', '/api/review/awaiting-me', {
  summary: 'Staged decisions the caller may confirm (staged by someone else), oldest first',
  request: { query: Limit },
  responses: { 200: json(z.object({ items: z.array(Decision) }), 'Oldest first') },
});

export function outcomesRoutes(deps: ReviewDeps) {
  const router = createRouter();
  router.openapi(withdrawRoute, async (c) => {
    const { comment } = c.req.valid('json');
    const decision = await withdrawStaged(deps, actorOf(c), c.req.valid('param').id, comment);
    return c.json({ decision }, 200);
  });
  router.openapi(mineRoute, async (c) =>
    c.json(await listMyFourEyes(deps, actorOf(c), c.req.valid('query').limit), 200),
  );
  router.openapi(awaitingRoute, async (c) =>
    c.json(await listAwaitingMe(deps, actorOf(c), c.req.valid('query').limit), 200),
  );
  return router;
}
