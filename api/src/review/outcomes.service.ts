import { AppError, notFound } from '../platform/errors.ts';
import { type DecisionView, toDecisionView } from './decision.view.ts';
import { findDecision, listFourEyesRequestedBy, listStagedByOthers } from './decisions.repository.ts';
import { closeStaged } from './four-eyes.service.ts';
import type { Actor, ReviewDeps } from './review.deps.ts';

/**
 * The requester takes back a decision still waiting for a second reviewer. Only its author may; a second
 * reviewer rejects instead. The reason is optional: the author knows why and the audit entry names them.
 */
export async function withdrawStaged(
  deps: ReviewDeps,
  actor: Actor,
  id: string,
  reason: string | undefined,
): Promise<DecisionView> {
  const row = await findDecision(deps.db, id);
  if (!row) throw notFound('Staged decision');
  if (row.requested_by !== actor.id) {
    throw new AppError('FORBIDDEN', 'Only the reviewer who staged this decision can withdraw it', {
      requested_by: { id: row.requested_by, name: row.requested_by_name },
    });
  }
  return closeStaged(deps, actor, row, reason ?? 'Withdrawn by the requester');
}

/**
 * The caller's own four-eyes decisions, latest first: still waiting, confirmed (and what Didit answered) or
 * rejected with the second reviewer's reason. The console tells the requester the outcome from this.
 */
export async function listMyFourEyes(
  deps: ReviewDeps,
  actor: Actor,
  limit: number,
): Promise<{ items: DecisionView[] }> {
  return { items: (await listFourEyesRequestedBy(deps.db, actor.id, limit)).map(toDecisionView) };
}

/** Staged decisions the caller may confirm: everyone's but their own, oldest first. */
export async function listAwaitingMe(
  deps: ReviewDeps,
  actor: Actor,
  limit: number,
): Promise<{ items: DecisionView[] }> {
  return { items: (await listStagedByOthers(deps.db, actor.id, limit)).map(toDecisionView) };
}
