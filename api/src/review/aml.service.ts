import { randomUUID } from 'node:crypto';
import { isDiditError } from '@console/didit/errors';
import type { AmlReviewStatus } from '@console/didit/types';
import { appendAudit } from '../audit/audit.service.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { toAppError } from '../platform/http/didit-errors.ts';
import { fetchAndApplyDecision, requireDidit } from '../sessions/fetch-decision.ts';
import { insertDispositions } from './aml-dispositions.repository.ts';
import { getCaseOrThrow } from './case.repository.ts';
import { assertNotClaimedByOther, touchClaimOf } from './claims.service.ts';
import { arrayItems } from './decision-rules.ts';
import type { Actor, ReviewDeps } from './review.deps.ts';

export interface AmlHitRef {
  hit_id: string;
  node_id: string | null;
  review_status: string | null;
}

/** Finds a hit in the decision's AML screenings, in the given node when one is named. */
export function findAmlHit(decision: unknown, hitId: string, nodeId?: string): AmlHitRef | undefined {
  for (const screening of arrayItems(decision, 'aml_screenings')) {
    const screeningNode = typeof screening.node_id === 'string' ? screening.node_id : null;
    if (nodeId !== undefined && screeningNode !== nodeId) continue;
    for (const hit of Array.isArray(screening.hits) ? screening.hits : []) {
      if (hit && typeof hit === 'object' && (hit as { id?: unknown }).id === hitId) {
        const status = (hit as { review_status?: unknown }).review_status;
        return {
          hit_id: hitId,
          node_id: screeningNode,
          review_status: typeof status === 'string' ? status : null,
        };
      }
    }
  }
  return undefined;
}

/** Hits nobody has dispositioned yet, across every screening. */
export function countUnreviewedHits(decision: unknown): number {
  let n = 0;
  for (const screening of arrayItems(decision, 'aml_screenings')) {
    for (const hit of Array.isArray(screening.hits) ? screening.hits : []) {
      const status =
        hit && typeof hit === 'object' ? (hit as { review_status?: unknown }).review_status : undefined;
      if (status === undefined || status === null || status === 'Unreviewed') n++;
    }
  }
  return n;
}

export interface AmlDowngradeStagedView {
  staged: { hit_id: string; review_status: AmlReviewStatus; requested_by: string; requested_at: string };
}

export interface AmlDispositionView {
  hit: { id: string; node_id: string | null; review_status: AmlReviewStatus };
  previous_review_status: string | null;
  /** Unreviewed hits left on the case, from the decision re-fetched after the change. */
  aml_unreviewed_hits: number;
  /** False when Didit took the disposition but the decision could not be re-fetched (a webhook will follow). */
  refreshed: boolean;
}

/**
 * Sends a reviewer's disposition of one AML hit to Didit, then re-fetches the decision and folds it into the
 * session so the case and the queue's unreviewed count show Didit's state, not ours.
 */
export async function setAmlHitStatus(
  deps: ReviewDeps,
  actor: Actor,
  sessionId: string,
  hitId: string,
  input: {
    review_status: AmlReviewStatus;
    node_id?: string | undefined;
    /** Why: required for every disposition, kept with it (aml_dispositions) and in the audit entry. */
    comment: string;
    /** Set when this disposition reverts an earlier action (undo). */
    undoes_action?: string | undefined;
  },
): Promise<AmlDispositionView | AmlDowngradeStagedView> {
  const kase = await getCaseOrThrow(deps.db, sessionId);
  const hit = findAmlHit(kase.decision, hitId, input.node_id);
  if (!hit) throw notFound('AML hit');
  await assertNotClaimedByOther(deps.db, sessionId, [actor.id], deps.clock.now());
  const nodeId = input.node_id ?? hit.node_id ?? undefined;
  let secondOf: string | null = null;
  if (
    deps.fourEyes.includes('approve_with_confirmed_aml') &&
    hit.review_status === CONFIRMED &&
    input.review_status !== CONFIRMED
  ) {
    const agreed = await stageOrAgreeDowngrade(deps, actor, sessionId, hitId, input.review_status, nodeId);
    if ('staged' in agreed) return agreed;
    secondOf = agreed.requestedBy;
  }

  try {
    await requireDidit(deps.didit).updateAmlHitStatus(sessionId, {
      hit_id: hitId,
      review_status: input.review_status,
      ...(nodeId ? { node_id: nodeId } : {}),
    });
  } catch (e) {
    throw isDiditError(e) ? toAppError(e) : e;
  }
  const at = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await insertDispositions(trx, [
      {
        actionId: randomUUID(),
        sessionId,
        hitId,
        nodeId: nodeId ?? null,
        previousStatus: hit.review_status,
        newStatus: input.review_status,
        comment: input.comment,
        ...(secondOf ? { four_eyes: { requested_by: secondOf } } : {}),
        actorId: actor.id,
        at,
        undoesAction: input.undoes_action ?? null,
      },
    ]);
    await appendAudit(trx, {
      ...actor.audit,
      at,
      action: 'review.aml_hit',
      subjectType: 'aml_hit',
      subjectId: hitId,
      sessionId,
      before: { review_status: hit.review_status },
      after: { review_status: input.review_status },
      details: {
        node_id: nodeId ?? null,
        comment: input.comment,
        ...(secondOf ? { four_eyes: { requested_by: secondOf } } : {}),
        ...(input.undoes_action ? { undoes_action: input.undoes_action } : {}),
      },
    });
  });

  // A disposition is work on the case: the holder's claim runs on from now.
  await touchClaimOf(deps, deps.db, sessionId, actor.id, deps.clock.now());

  let decision: unknown = kase.decision;
  let refreshed = false;
  try {
    const fresh = await fetchAndApplyDecision(deps, {
      sessionId,
      source: 'refresh',
      eventKey: `review:aml:${sessionId}:${randomUUID()}`,
    });
    decision = fresh.decision;
    refreshed = true;
  } catch (e) {
    if (!isDiditError(e)) throw e;
  }
  const unreviewed = (status: string | null) => status === null || status === 'Unreviewed';
  return {
    hit: { id: hitId, node_id: nodeId ?? null, review_status: input.review_status },
    previous_review_status: hit.review_status,
    aml_unreviewed_hits: refreshed
      ? countUnreviewedHits(decision)
      : countUnreviewedHits(kase.decision) -
        (unreviewed(hit.review_status) ? 1 : 0) +
        (unreviewed(input.review_status) ? 1 : 0),
    refreshed,
  };
}

const CONFIRMED = 'Confirmed Match';

/**
 * Downgrading a hit someone confirmed as a match is a four-eyes change: the first reviewer's request is
 * staged; it is sent to Didit only when a second reviewer sends the same disposition. The staging row is
 * taken under its primary key, so two requests racing each other cannot both pass as "the second".
 */
async function stageOrAgreeDowngrade(
  deps: ReviewDeps,
  actor: Actor,
  sessionId: string,
  hitId: string,
  reviewStatus: AmlReviewStatus,
  nodeId: string | undefined,
): Promise<AmlDowngradeStagedView | { requestedBy: string }> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const pending = await trx
      .selectFrom('aml_hit_downgrades')
      .selectAll()
      .where('session_id', '=', sessionId)
      .where('hit_id', '=', hitId)
      .forUpdate()
      .executeTakeFirst();
    if (pending && pending.review_status === reviewStatus) {
      if (pending.requested_by === actor.id) {
        throw new AppError(
          'FOUR_EYES_SAME_REVIEWER',
          'A second reviewer must agree to downgrade a confirmed match',
          {
            requested_by: pending.requested_by,
          },
        );
      }
      await trx
        .deleteFrom('aml_hit_downgrades')
        .where('session_id', '=', sessionId)
        .where('hit_id', '=', hitId)
        .execute();
      return { requestedBy: pending.requested_by };
    }
    await trx
      .insertInto('aml_hit_downgrades')
      .values({
        session_id: sessionId,
        hit_id: hitId,
        review_status: reviewStatus,
        requested_by: actor.id,
        requested_at: now,
      })
      .onConflict((oc) =>
        oc
          .columns(['session_id', 'hit_id'])
          .doUpdateSet({ review_status: reviewStatus, requested_by: actor.id, requested_at: now }),
      )
      .execute();
    await appendAudit(trx, {
      ...actor.audit,
      at: now,
      action: 'review.aml_hit_downgrade_staged',
      subjectType: 'aml_hit',
      subjectId: hitId,
      sessionId,
      before: { review_status: CONFIRMED },
      after: { review_status: reviewStatus },
      details: { node_id: nodeId ?? null },
    });
    return {
      staged: {
        hit_id: hitId,
        review_status: reviewStatus,
        requested_by: actor.id,
        requested_at: now.toISOString(),
      },
    };
  });
}
