import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { auditContext } from '../audit/audit.service.ts';
import { AppError } from '../platform/errors.ts';
import type { AppEnv } from '../platform/http/app-env.ts';
import { json, jsonBody, keysetPage, route } from '../platform/http/openapi.ts';
import { createRouter } from '../platform/http/router.ts';
import { getCaseReview } from './case-review.service.ts';
import { claimCase, releaseCase } from './claims.service.ts';
import { requestDecision } from './decide.service.ts';
import { confirmStaged, listPending, rejectStaged } from './four-eyes.service.ts';
import { REASON_CODES } from './reason-codes.ts';
import type { Actor, ReviewDeps } from './review.deps.ts';
import {
  CaseReview,
  Claim,
  Comment,
  Decision,
  DecisionBody,
  ReasonCodes,
  SessionParam,
} from './review.schemas.ts';

/** The signed-in user as the services see them; `authorize` guarantees one on every route here. */
export function actorOf(c: Context<AppEnv>): Actor {
  const user = c.get('user');
  if (!user) throw new AppError('UNAUTHENTICATED', 'Sign in first');
  return { id: user.id, name: user.name, roles: user.roles, audit: auditContext(c) };
}

const claimRoute = route('post', '/api/sessions/{id}/claim', {
  summary: 'Claim a case, or renew your own claim (15 minutes)',
  request: { params: SessionParam },
  responses: { 200: json(z.object({ claim: Claim }), 'Claimed or renewed') },
  errors: { 409: 'CLAIMED_BY_OTHER: details {holder: {id, name}, expires_at}' },
});

const releaseRoute = route('delete', '/api/sessions/{id}/claim', {
  summary: 'Release your claim; an admin may break anyone’s',
  request: { params: SessionParam },
  responses: { 200: json(z.object({ claim: z.null() }), 'Released (also when nothing was held)') },
  errors: { 409: 'CLAIMED_BY_OTHER' },
});

const decideRoute = route('post', '/api/sessions/{id}/status', {
  summary: 'Approve, decline or request resubmission (sent to Didit update-status, or staged for four-eyes)',
  request: {
    params: SessionParam,
    body: jsonBody(DecisionBody),
  },
  responses: {
    200: json(z.object({ decision: Decision, session_id: z.string() }), 'Didit accepted the decision'),
    202: json(z.object({ staged: Decision }), 'A four-eyes rule applies: waiting for a second reviewer'),
  },
  errors: { 409: 'CLAIM_REQUIRED, CLAIMED_BY_OTHER, STATUS_NOT_ELIGIBLE, DECISION_PENDING' },
});

const reviewRoute = route('get', '/api/sessions/{id}/review', {
  summary: 'Claim, notes, pending decision and decision history of a case',
  request: { params: SessionParam },
  responses: { 200: json(CaseReview, 'The case review') },
});

const reasonCodesRoute = route('get', '/api/review/reason-codes', {
  summary: 'The reason-code catalogue per decision',
  responses: { 200: json(ReasonCodes, 'Catalogue') },
});

const pendingRoute = route('get', '/api/review/pending', {
  summary: 'Decisions staged for a second reviewer, oldest first',
  request: {
    query: z.object({
      cursor: z.string().max(200).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
  },
  responses: {
    200: json(keysetPage(Decision), 'A page'),
  },
});

const PendingParam = z.object({ id: z.uuid() });

const confirmRoute = route('post', '/api/review/pending/{id}/confirm', {
  summary: 'A second reviewer confirms a staged decision; it is sent to Didit',
  request: { params: PendingParam },
  responses: {
    200: json(z.object({ decision: Decision, session_id: z.string() }), 'Didit accepted the decision'),
  },
  errors: { 403: 'FOUR_EYES_SAME_REVIEWER' },
});

const rejectRoute = route('post', '/api/review/pending/{id}/reject', {
  summary: 'Reject (or, as its author, withdraw) a staged decision',
  request: {
    params: PendingParam,
    body: jsonBody(z.object({ comment: Comment })),
  },
  responses: { 200: json(z.object({ decision: Decision }), 'Rejected') },
});

export function reviewRoutes(deps: ReviewDeps) {
  const router = createRouter();
  router.openapi(claimRoute, async (c) => {
    const claim = await claimCase(deps, actorOf(c), c.req.valid('param').id);
    return c.json({ claim }, 200);
  });
  router.openapi(releaseRoute, async (c) => {
    await releaseCase(deps, actorOf(c), c.req.valid('param').id);
    return c.json({ claim: null }, 200);
  });
  router.openapi(decideRoute, async (c) => {
    const result = await requestDecision(deps, actorOf(c), c.req.valid('param').id, c.req.valid('json'));
    if (result.kind === 'staged') return c.json({ staged: result.decision }, 202);
    return c.json({ decision: result.decision, session_id: result.decision.session_id }, 200);
  });
  router.openapi(reviewRoute, async (c) => c.json(await getCaseReview(deps, c.req.valid('param').id), 200));
  router.openapi(reasonCodesRoute, (c) =>
    c.json(
      {
        reason_codes: {
          Approved: [...REASON_CODES.Approved],
          Declined: [...REASON_CODES.Declined],
          Resubmitted: [...REASON_CODES.Resubmitted],
        },
      },
      200,
    ),
  );
  router.openapi(pendingRoute, async (c) => c.json(await listPending(deps, c.req.valid('query')), 200));
  router.openapi(confirmRoute, async (c) => {
    const decision = await confirmStaged(deps, actorOf(c), c.req.valid('param').id);
    return c.json({ decision, session_id: decision.session_id }, 200);
  });
  router.openapi(rejectRoute, async (c) => {
    const decision = await rejectStaged(
      deps,
      actorOf(c),
      c.req.valid('param').id,
      c.req.valid('json').comment,
    );
    return c.json({ decision }, 200);
  });
  return router;
}
