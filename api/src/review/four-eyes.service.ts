import { appendAudit } from '../audit/audit.service.ts';
import { decodeOptional, pageOf, timeIdCursor } from '../platform/db/pagination.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { getCaseOrThrow } from './case.repository.ts';
import { assertNotClaimedByOther } from './claims.service.ts';
import { assertDecisionFits, sendToDidit } from './decide.service.ts';
import { type DecisionView, toDecisionView } from './decision.view.ts';
import type { DecisionStatus, ResubmitNode } from './decision-rules.ts';
import {
  type DecisionRow,
  findDecision,
  listStaged,
  markConfirmed,
  markRejected,
} from './decisions.repository.ts';
import type { Actor, ReviewDeps } from './review.deps.ts';

async function getStagedOrThrow(deps: ReviewDeps, id: string): Promise<DecisionRow> {
  const row = await findDecision(deps.db, id);
  if (!row) throw notFound('Staged decision');
  if (row.state !== 'staged') {
    throw new AppError('CONFLICT', `This decision is no longer waiting for confirmation (${row.state})`, {
      state: row.state,
    });
  }
  return row;
}

/**
 * A second reviewer confirms a staged decision and it goes to Didit. Never the person who staged it. The
 * case must still be decidable as staged (its status may have moved since), and nobody else may be
 * working on it.
 */
export async function confirmStaged(deps: ReviewDeps, actor: Actor, id: string): Promise<DecisionView> {
  const row = await getStagedOrThrow(deps, id);
  if (row.requested_by === actor.id) {
    throw new AppError('FOUR_EYES_SAME_REVIEWER', 'A second reviewer must confirm this decision', {
      requested_by: { id: row.requested_by, name: row.requested_by_name },
    });
  }
  const kase = await getCaseOrThrow(deps.db, row.session_id);
  assertDecisionFits(
    {
      new_status: row.new_status as DecisionStatus,
      comment: row.comment,
      reason_codes: row.reason_codes,
      nodes_to_resubmit: (row.nodes_to_resubmit as ResubmitNode[] | null) ?? undefined,
    },
    kase,
  );
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await assertNotClaimedByOther(trx, row.session_id, [actor.id, row.requested_by], now);
    const moved = await markConfirmed(trx, id, { confirmedBy: actor.id, now });
    if (!moved) throw new AppError('CONFLICT', 'This decision is no longer waiting for confirmation');
    await appendAudit(trx, {
      ...actor.audit,
      at: now,
      action: 'review.decision_confirmed',
      subjectType: 'review_decision',
      subjectId: id,
      sessionId: row.session_id,
      before: { state: 'staged' },
      after: { state: 'sending', new_status: row.new_status },
      details: { requested_by: row.requested_by, four_eyes_rules: row.four_eyes_rules },
    });
  });
  const confirmed = await findDecision(deps.db, id);
  if (!confirmed) throw new Error('decision vanished after confirmation');
  return sendToDidit(deps, actor, confirmed);
}

/** A second reviewer rejects a staged decision, or its author withdraws it; either way with a comment. */
export async function rejectStaged(
  deps: ReviewDeps,
  actor: Actor,
  id: string,
  comment: string,
): Promise<DecisionView> {
  return closeStaged(deps, actor, await getStagedOrThrow(deps, id), comment);
}

/**
 * staged → rejected with its audit entry, in one transaction; `withdrawn` when the actor is the requester.
 * CONFLICT when another reviewer closed or confirmed it first.
 */
export async function closeStaged(
  deps: ReviewDeps,
  actor: Actor,
  row: DecisionRow,
  comment: string,
): Promise<DecisionView> {
  const now = deps.clock.now();
  const withdrawn = row.requested_by === actor.id;
  await deps.db.transaction().execute(async (trx) => {
    const moved = await markRejected(trx, row.id, { rejectedBy: actor.id, comment, now });
    if (!moved) throw new AppError('CONFLICT', 'This decision is no longer waiting for confirmation');
    await appendAudit(trx, {
      ...actor.audit,
      at: now,
      action: withdrawn ? 'review.decision_withdrawn' : 'review.decision_rejected',
      subjectType: 'review_decision',
      subjectId: row.id,
      sessionId: row.session_id,
      before: { state: 'staged', new_status: row.new_status },
      after: { state: 'rejected' },
      details: { requested_by: row.requested_by, four_eyes_rules: row.four_eyes_rules },
    });
  });
  const done = await findDecision(deps.db, row.id);
  if (!done) throw new Error('decision vanished after rejection');
  return toDecisionView(done);
}

/** Staged decisions waiting for a second reviewer, oldest first. */
export async function listPending(
  deps: ReviewDeps,
  input: { cursor?: string | undefined; limit: number },
): Promise<{ items: DecisionView[]; next_cursor: string | null }> {
  const after = decodeOptional(timeIdCursor, input.cursor);
  const rows = await listStaged(deps.db, { after, limit: input.limit + 1 });
  const page = pageOf(rows, input.limit, timeIdCursor, (r) => ({ at: r.requested_at, id: r.id }));
  return { items: page.items.map(toDecisionView), next_cursor: page.next_cursor };
}
