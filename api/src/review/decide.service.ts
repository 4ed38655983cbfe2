import { isDiditError } from '@console/didit/errors';
import { appendAudit } from '../audit/audit.service.ts';
import { AppError } from '../platform/errors.ts';
import { toAppError } from '../platform/http/didit-errors.ts';
import { requireDidit } from '../sessions/fetch-decision.ts';
import { getCaseOrThrow } from './case.repository.ts';
import { getCaseHistory } from './case-history.repository.ts';
import { assertHoldsClaim, dropClaimOf, touchClaimOf } from './claims.service.ts';
import { type DecisionView, toDecisionView } from './decision.view.ts';
import {
  assertDecidable,
  assertResubmittable,
  type DecisionStatus,
  fourEyesRulesFor,
  type ResubmitNode,
} from './decision-rules.ts';
import {
  type DecisionRow,
  failStaleSending,
  findDecision,
  findOpenDecision,
  insertDecision,
  recordOutcome,
} from './decisions.repository.ts';
import { isReasonCodeFor } from './reason-codes.ts';
import type { Actor, ReviewDeps } from './review.deps.ts';

export interface DecisionInput {
  new_status: DecisionStatus;
  comment: string;
  reason_codes: string[];
  nodes_to_resubmit?: ResubmitNode[] | undefined;
}

export type DecisionResult =
  | { kind: 'sent'; decision: DecisionView }
  | { kind: 'staged'; decision: DecisionView };

/** A `sending` row older than this had its process die mid-call (the client's own timeout is 10 s). */
const STALE_SENDING_MS = 2 * 60 * 1000;

/** Validates what only the case can tell (status, nodes); the body's shape was checked by the route. */
export function assertDecisionFits(
  input: DecisionInput,
  kase: { status: string | null; decision: unknown },
): void {
  assertDecidable(kase.status, input.new_status);
  for (const code of input.reason_codes) {
    if (!isReasonCodeFor(input.new_status, code)) {
      throw new AppError('VALIDATION', `reason_codes: "${code}" is not a reason for ${input.new_status}`, {
        code,
      });
    }
  }
  const nodes = input.nodes_to_resubmit ?? [];
  if (input.new_status === 'Resubmitted') {
    if (nodes.length === 0) throw new AppError('VALIDATION', 'nodes_to_resubmit: choose the steps to redo');
    assertResubmittable(kase.decision, nodes);
  } else if (nodes.length > 0) {
    throw new AppError('VALIDATION', 'nodes_to_resubmit: only for Resubmitted');
  }
}

const isUniqueViolation = (e: unknown) => (e as { code?: string } | null)?.code === '23505';

/**
 * A reviewer decides a case they hold. When a four-eyes rule applies the decision is staged for a second
 * reviewer; otherwise it goes to Didit now. The session's own status changes only when Didit's webhook
 * arrives.
 */
export async function requestDecision(
  deps: ReviewDeps,
  actor: Actor,
  sessionId: string,
  input: DecisionInput,
): Promise<DecisionResult> {
  const now = deps.clock.now();
  const kase = await getCaseOrThrow(deps.db, sessionId);
  assertDecisionFits(input, kase);
  const rules = fourEyesRulesFor(deps.fourEyes, {
    newStatus: input.new_status,
    currentStatus: kase.status,
    decision: kase.decision,
    history: await getCaseHistory(deps.db, sessionId),
  });
  const staged = rules.length > 0;

  let id: string;
  try {
    id = await deps.db.transaction().execute(async (trx) => {
      await assertHoldsClaim(trx, sessionId, actor.id, now);
      await failStaleSending(trx, sessionId, new Date(now.getTime() - STALE_SENDING_MS), now);
      const open = await findOpenDecision(trx, sessionId);
      if (open) throw pendingError(open);
      if (!staged) requireDidit(deps.didit);
      const newId = await insertDecision(trx, {
        session_id: sessionId,
        new_status: input.new_status,
        comment: input.comment,
        reason_codes: input.reason_codes,
        nodes_to_resubmit: input.new_status === 'Resubmitted' ? (input.nodes_to_resubmit ?? null) : null,
        previous_status: kase.status,
        four_eyes_rules: rules,
        state: staged ? 'staged' : 'sending',
        requested_by: actor.id,
        requested_at: now,
        request_id: actor.audit.requestId,
      });
      if (staged) {
        // The requester keeps the case while it waits for the second reviewer, counted from this action.
        await touchClaimOf(deps, trx, sessionId, actor.id, now);
        await appendAudit(trx, {
          ...actor.audit,
          at: now,
          action: 'review.decision_staged',
          subjectType: 'review_decision',
          subjectId: newId,
          sessionId,
          before: { status: kase.status },
          after: { new_status: input.new_status, reason_codes: input.reason_codes },
          details: { four_eyes_rules: rules, nodes_to_resubmit: input.nodes_to_resubmit ?? null },
        });
      }
      return newId;
    });
  } catch (e) {
    if (isUniqueViolation(e))
      throw new AppError('DECISION_PENDING', 'Another decision on this case is pending');
    throw e;
  }
  const row = await findDecision(deps.db, id);
  if (!row) throw new Error('decision vanished after insert');
  if (staged) return { kind: 'staged', decision: toDecisionView(row) };
  return { kind: 'sent', decision: await sendToDidit(deps, actor, row) };
}

function pendingError(open: DecisionRow): AppError {
  return new AppError(
    'DECISION_PENDING',
    open.state === 'staged'
      ? 'A decision on this case is waiting for a second reviewer'
      : 'A decision on this case is being sent to Didit',
    { decision_id: open.id, state: open.state },
  );
}

/**
 * Sends a `sending` decision to Didit, outside any transaction, then records what Didit answered and the
 * audit entry together. Didit's refusal is recorded as a failed attempt and thrown as its envelope.
 */
export async function sendToDidit(deps: ReviewDeps, actor: Actor, row: DecisionRow): Promise<DecisionView> {
  let failure: { appError: AppError; httpStatus: number | null; detail: string | null } | undefined;
  try {
    await requireDidit(deps.didit).updateStatus(row.session_id, {
      new_status: row.new_status as DecisionStatus,
      comment: row.comment,
      ...(row.new_status === 'Resubmitted' && row.nodes_to_resubmit
        ? { nodes_to_resubmit: row.nodes_to_resubmit as ResubmitNode[] }
        : {}),
    });
  } catch (e) {
    if (isDiditError(e)) {
      failure = { appError: toAppError(e), httpStatus: e.status ?? null, detail: e.detail ?? e.kind };
    } else if (e instanceof AppError) {
      failure = { appError: e, httpStatus: null, detail: null };
    } else {
      failure = {
        appError: new AppError('INTERNAL', 'The decision could not be sent'),
        httpStatus: null,
        detail: e instanceof Error ? e.name : 'error',
      };
    }
  }
  const answeredAt = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await recordOutcome(trx, row.id, {
      state: failure ? 'failed' : 'sent',
      answeredAt,
      diditHttpStatus: failure ? failure.httpStatus : 200,
      errorCode: failure?.appError.code ?? null,
      errorDetail: failure?.detail ?? null,
    });
    // The case is done for whoever held it for this decision; the webhook will move the session.
    if (!failure) {
      await dropClaimOf(trx, row.session_id, row.requested_by);
      if (row.confirmed_by) await dropClaimOf(trx, row.session_id, row.confirmed_by);
    }
    await appendAudit(trx, {
      ...actor.audit,
      at: answeredAt,
      action: failure ? 'review.decision_failed' : 'review.decision',
      subjectType: 'review_decision',
      subjectId: row.id,
      sessionId: row.session_id,
      before: { status: row.previous_status },
      after: { new_status: row.new_status, reason_codes: row.reason_codes },
      details: {
        requested_by: row.requested_by,
        confirmed_by: row.confirmed_by,
        four_eyes_rules: row.four_eyes_rules,
        nodes_to_resubmit: row.nodes_to_resubmit,
        didit: failure
          ? { error_code: failure.appError.code, http_status: failure.httpStatus, detail: failure.detail }
          : { http_status: 200 },
      },
    });
  });
  if (failure) throw failure.appError;
  const done = await findDecision(deps.db, row.id);
  if (!done) throw new Error('decision vanished after sending');
  return toDecisionView(done);
}
