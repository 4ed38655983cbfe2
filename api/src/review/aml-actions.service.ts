import { randomUUID } from 'node:crypto';
import { isDiditError } from '@console/didit/errors';
import type { AmlReviewStatus } from '@console/didit/types';
import { appendAudit } from '../audit/audit.service.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { toAppError } from '../platform/http/didit-errors.ts';
import { fetchAndApplyDecision, requireDidit } from '../sessions/fetch-decision.ts';
import {
  type AmlDowngradeStagedView,
  type AmlHitRef,
  countUnreviewedHits,
  findAmlHit,
  setAmlHitStatus,
} from './aml.service.ts';
import { type DispositionRow, insertDispositions, listDispositions } from './aml-dispositions.repository.ts';
import { getCaseOrThrow } from './case.repository.ts';
import { assertNotClaimedByOther } from './claims.service.ts';
import type { Actor, ReviewDeps } from './review.deps.ts';

export interface DispositionView {
  id: string;
  action_id: string;
  hit_id: string;
  node_id: string | null;
  previous_status: string | null;
  new_status: string;
  comment: string;
  actor: { id: string; name: string };
  created_at: string;
  undoes_action: string | null;
}

export interface DispositionsView {
  items: DispositionView[];
  /** The case's last action, when it can still be undone (by its author only, see `undoLastAction`). */
  last_action: { action_id: string; actor_id: string; hit_ids: string[]; new_status: string } | null;
}

function toView(r: DispositionRow): DispositionView {
  return {
    id: r.id,
    action_id: r.action_id,
    hit_id: r.hit_id,
    node_id: r.node_id,
    previous_status: r.previous_status,
    new_status: r.new_status,
    comment: r.comment,
    actor: { id: r.actor_id, name: r.actor_name },
    created_at: r.created_at.toISOString(),
    undoes_action: r.undoes_action,
  };
}

/**
 * The newest action that is neither an undo nor undone. Rows come newest first; an action's rows share a
 * timestamp, so they are adjacent.
 */
function lastUndoable(rows: DispositionRow[]): DispositionRow[] {
  const undone = new Set(rows.map((r) => r.undoes_action).filter((a): a is string => a !== null));
  const first = rows.find((r) => r.undoes_action === null && !undone.has(r.action_id));
  return first ? rows.filter((r) => r.action_id === first.action_id) : [];
}

export async function listCaseDispositions(deps: ReviewDeps, sessionId: string): Promise<DispositionsView> {
  await getCaseOrThrow(deps.db, sessionId);
  const rows = await listDispositions(deps.db, sessionId);
  const last = lastUndoable(rows);
  return {
    items: rows.map(toView),
    last_action: last[0]
      ? {
          action_id: last[0].action_id,
          actor_id: last[0].actor_id,
          hit_ids: last.map((r) => r.hit_id),
          new_status: last[0].new_status,
        }
      : null,
  };
}

export interface BulkDispositionView {
  action_id: string;
  hits: { id: string; node_id: string | null; previous_review_status: string | null }[];
  aml_unreviewed_hits: number;
  refreshed: boolean;
}

/**
 * Marks several hits False Positive with one comment: one Didit bulk call per screening node (each is all or
 * nothing), one disposition row and one audit entry per hit. A Confirmed Match is never dismissed in bulk:
 * reverting a confirmed hit is a decision of its own, made on that hit.
 */
export async function bulkFalsePositive(
  deps: ReviewDeps,
  actor: Actor,
  sessionId: string,
  input: { hit_ids: string[]; comment: string },
): Promise<BulkDispositionView> {
  const kase = await getCaseOrThrow(deps.db, sessionId);
  const ids = [...new Set(input.hit_ids)];
  const hits: AmlHitRef[] = ids.map((id) => {
    const hit = findAmlHit(kase.decision, id);
    if (!hit) throw new AppError('NOT_FOUND', 'AML hit not found', { hit_id: id });
    return hit;
  });
  const confirmed = hits.filter((h) => h.review_status === 'Confirmed Match').map((h) => h.hit_id);
  if (confirmed.length > 0) {
    throw new AppError('CONFLICT', 'A Confirmed Match is not dismissed in bulk; change it on its own', {
      hit_ids: confirmed,
    });
  }
  await assertNotClaimedByOther(deps.db, sessionId, [actor.id], deps.clock.now());

  const status: AmlReviewStatus = 'False Positive';
  const byNode = new Map<string | null, AmlHitRef[]>();
  for (const h of hits) byNode.set(h.node_id, [...(byNode.get(h.node_id) ?? []), h]);
  const didit = requireDidit(deps.didit);
  try {
    for (const [nodeId, group] of byNode) {
      await didit.bulkUpdateAmlHitStatus(sessionId, {
        hit_updates: group.map((h) => ({ hit_id: h.hit_id, review_status: status })),
        ...(nodeId ? { node_id: nodeId } : {}),
      });
    }
  } catch (e) {
    throw isDiditError(e) ? toAppError(e) : e;
  }

  const actionId = randomUUID();
  const at = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await insertDispositions(
      trx,
      hits.map((h) => ({
        actionId,
        sessionId,
        hitId: h.hit_id,
        nodeId: h.node_id,
        previousStatus: h.review_status,
        newStatus: status,
        comment: input.comment,
        actorId: actor.id,
        at,
        undoesAction: null,
      })),
    );
    for (const h of hits) {
      await appendAudit(trx, {
        ...actor.audit,
        at,
        action: 'review.aml_hit',
        subjectType: 'aml_hit',
        subjectId: h.hit_id,
        sessionId,
        before: { review_status: h.review_status },
        after: { review_status: status },
        details: { node_id: h.node_id, comment: input.comment, bulk: true, action_id: actionId },
      });
    }
  });

  let decision: unknown = kase.decision;
  let refreshed = false;
  try {
    decision = (
      await fetchAndApplyDecision(deps, {
        sessionId,
        source: 'refresh',
        eventKey: `review:aml:${sessionId}:${randomUUID()}`,
      })
    ).decision;
    refreshed = true;
  } catch (e) {
    if (!isDiditError(e)) throw e;
  }
  return {
    action_id: actionId,
    hits: hits.map((h) => ({ id: h.hit_id, node_id: h.node_id, previous_review_status: h.review_status })),
    aml_unreviewed_hits: refreshed
      ? countUnreviewedHits(decision)
      : countUnreviewedHits(kase.decision) -
        hits.filter((h) => h.review_status === null || h.review_status === 'Unreviewed').length,
    refreshed,
  };
}

/**
 * Reverts the case's last disposition action (one hit, or a bulk) to what each hit was before. Only its
 * author may undo it, and only while every hit still shows what the action set: a later change by Didit or
 * another reviewer is not silently overwritten. Each hit goes through `setAmlHitStatus`, so every rule that
 * guards a single disposition guards its undo too.
 */
export async function undoLastAction(
  deps: ReviewDeps,
  actor: Actor,
  sessionId: string,
  input: { action_id: string; comment?: string | undefined },
): Promise<{ undone: string; aml_unreviewed_hits: number }> {
  const kase = await getCaseOrThrow(deps.db, sessionId);
  const last = lastUndoable(await listDispositions(deps.db, sessionId));
  if (last.length === 0 || last[0]!.action_id !== input.action_id) {
    throw new AppError('CONFLICT', 'Only the last disposition on a case can be undone', {
      last_action: last[0]?.action_id ?? null,
    });
  }
  if (last[0]!.actor_id !== actor.id) {
    throw new AppError('FORBIDDEN', 'Only the reviewer who made a disposition can undo it');
  }
  for (const row of last) {
    const hit = findAmlHit(kase.decision, row.hit_id, row.node_id ?? undefined);
    if (!hit) throw notFound('AML hit');
    if ((hit.review_status ?? 'Unreviewed') !== row.new_status) {
      throw new AppError('CONFLICT', 'The hit changed since; set its disposition instead of undoing', {
        hit_id: row.hit_id,
        review_status: hit.review_status,
      });
    }
  }
  let unreviewed = countUnreviewedHits(kase.decision);
  const staged: AmlDowngradeStagedView['staged'][] = [];
  for (const row of last) {
    const view = await setAmlHitStatus(deps, actor, sessionId, row.hit_id, {
      review_status: (row.previous_status ?? 'Unreviewed') as AmlReviewStatus,
      ...(row.node_id ? { node_id: row.node_id } : {}),
      comment: input.comment ?? `Undo: ${row.comment}`.slice(0, 2000),
      undoes_action: row.action_id,
    });
    // Undoing a Confirmed Match is a downgrade: with four-eyes on it waits for a second reviewer.
    if ('staged' in view) staged.push(view.staged);
    else unreviewed = view.aml_unreviewed_hits;
  }
  return { undone: input.action_id, aml_unreviewed_hits: unreviewed, ...(staged.length ? { staged } : {}) };
}
