import { appendAudit } from '../audit/audit.service.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { type DecisionView, toDecisionView } from './decision.view.ts';
import { findDecision, markRejected, selectDecisions } from './decisions.repository.ts';
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
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const moved = await markRejected(trx, id, {
      rejectedBy: actor.id,
      comment: reason ?? 'Withdrawn by the requester',
      now,
    });
    if (!moved) {
      throw new AppError('CONFLICT', `This decision is no longer waiting for confirmation (${row.state})`, {
        state: row.state,
      });
    }
    await appendAudit(trx, {
      ...actor.audit,
      at: now,
      action: 'review.decision_withdrawn',
      subjectType: 'review_decision',
      subjectId: id,
      sessionId: row.session_id,
      before: { state: 'staged', new_status: row.new_status },
      after: { state: 'rejected' },
      details: { requested_by: row.requested_by, four_eyes_rules: row.four_eyes_rules },
    });
  });
  const done = await findDecision(deps.db, id);
  if (!done) throw new Error('decision vanished after withdrawal');
  return toDecisionView(done);
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
  const rows = await selectDecisions(deps.db)
    .where('d.requested_by', '=', actor.id)
    .where((eb) => eb(eb.fn('cardinality', ['d.four_eyes_rules']), '>', 0))
    .orderBy('d.requested_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(limit)
    .execute();
  return { items: rows.map(toDecisionView) };
}

/** Staged decisions the caller may confirm: everyone's but their own, oldest first. */
export async function listAwaitingMe(
  deps: ReviewDeps,
  actor: Actor,
  limit: number,
): Promise<{ items: DecisionView[] }> {
  const rows = await selectDecisions(deps.db)
    .where('d.state', '=', 'staged')
    .where('d.requested_by', '!=', actor.id)
    .orderBy('d.requested_at', 'asc')
    .orderBy('d.id', 'asc')
    .limit(limit)
    .execute();
  return { items: rows.map(toDecisionView) };
}
