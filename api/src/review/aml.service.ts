import { randomUUID } from 'node:crypto';
import { appendAudit } from '../audit/audit.service.ts';
import { isDiditError, toAppError } from '../didit/errors.ts';
import type { AmlReviewStatus } from '../didit/types.ts';
import { notFound } from '../errors.ts';
import { fetchAndApplyDecision, requireDidit } from '../sync/fetch-decision.ts';
import { insertDispositions } from './aml-dispositions.repository.ts';
import { getCaseOrThrow } from './case.repository.ts';
import { assertNotClaimedByOther } from './claims.service.ts';
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
): Promise<AmlDispositionView> {
  const kase = await getCaseOrThrow(deps.db, sessionId);
  const hit = findAmlHit(kase.decision, hitId, input.node_id);
  if (!hit) throw notFound('AML hit');
  await assertNotClaimedByOther(deps.db, sessionId, [actor.id], deps.clock.now());
  const nodeId = input.node_id ?? hit.node_id ?? undefined;

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
        ...(input.undoes_action ? { undoes_action: input.undoes_action } : {}),
      },
    });
  });

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
