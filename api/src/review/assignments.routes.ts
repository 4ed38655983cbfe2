import { z } from '@hono/zod-openapi';
import { json, jsonBody, route } from '../platform/http/openapi.ts';
import { createRouter } from '../platform/http/router.ts';
import { assignCase, takeNextCase, unassignCase } from './assignments.service.ts';
import type { ReviewDeps } from './review.deps.ts';
import { actorOf } from './review.routes.ts';
import { SessionParam } from './review.schemas.ts';
import { listReviewers } from './reviewers.repository.ts';

const Assignment = z
  .object({
    session_id: z.string(),
    assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
  })
  .openapi('CaseAssignment');

const nextRoute = route('post', '/api/review/next', {
  summary: 'Take the oldest In Review case nobody has: it is assigned to you and claimed for you',
  responses: { 200: json(z.object({ session_id: z.string() }), 'The case now on your desk') },
  errors: { 404: 'NO_NEXT_CASE: every In Review case is assigned, claimed or awaiting a decision' },
});

const assignRoute = route('put', '/api/sessions/{id}/assignment', {
  summary: 'Assign a case to a reviewer (or reassign it)',
  request: {
    params: SessionParam,
    body: jsonBody(z.object({ user_id: z.uuid() })),
  },
  responses: { 200: json(Assignment, 'Assigned') },
  errors: { 409: 'CLAIMED_BY_OTHER: someone else is working on the case' },
});

const unassignRoute = route('delete', '/api/sessions/{id}/assignment', {
  summary: 'Take a case off its assignee’s desk (idempotent)',
  request: { params: SessionParam },
  responses: { 200: json(Assignment, 'Unassigned') },
  errors: { 409: 'CLAIMED_BY_OTHER' },
});

const reviewersRoute = route('get', '/api/review/reviewers', {
  summary: 'Active reviewers a case can be assigned to, by name',
  responses: {
    200: json(z.object({ items: z.array(z.object({ id: z.string(), name: z.string() })) }), 'Reviewers'),
  },
});

export function assignmentRoutes(deps: ReviewDeps) {
  const router = createRouter();
  router.openapi(nextRoute, async (c) => c.json(await takeNextCase(deps, actorOf(c)), 200));
  router.openapi(assignRoute, async (c) => {
    const { id } = c.req.valid('param');
    return c.json(await assignCase(deps, actorOf(c), id, c.req.valid('json').user_id), 200);
  });
  router.openapi(unassignRoute, async (c) =>
    c.json(await unassignCase(deps, actorOf(c), c.req.valid('param').id), 200),
  );
  router.openapi(reviewersRoute, async (c) => c.json({ items: await listReviewers(deps.db) }, 200));
  return router;
}
