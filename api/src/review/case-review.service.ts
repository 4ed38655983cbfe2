import { findAssignment } from './assignments.repository.ts';
import { getCaseOrThrow } from './case.repository.ts';
import { type ClaimView, liveClaim } from './claims.service.ts';
import { type DecisionView, toDecisionView } from './decision.view.ts';
import { findOpenDecision, listSessionDecisions } from './decisions.repository.ts';
import { listNotes } from './notes.repository.ts';
import { type NoteView, toNoteView } from './notes.service.ts';
import type { ReviewDeps } from './review.deps.ts';

export interface CaseReviewView {
  claim: ClaimView | null;
  /** Whose desk the case is on (does not lapse, unlike the claim). */
  assignment: { id: string; name: string; assigned_at: string } | null;
  notes: NoteView[];
  /** The decision staged for a second reviewer (or, for a moment, in flight to Didit). */
  pending: DecisionView | null;
  /** Every decision on the case, newest first: sent, failed, rejected, staged. */
  decisions: DecisionView[];
}

/** Everything the case view needs about the review itself (the session's data comes from the sessions API). */
export async function getCaseReview(deps: ReviewDeps, sessionId: string): Promise<CaseReviewView> {
  await getCaseOrThrow(deps.db, sessionId);
  const now = deps.clock.now();
  const [claim, assignment, notes, open, decisions] = await Promise.all([
    liveClaim(deps.db, sessionId, now),
    findAssignment(deps.db, sessionId),
    listNotes(deps.db, sessionId),
    findOpenDecision(deps.db, sessionId),
    listSessionDecisions(deps.db, sessionId),
  ]);
  return {
    claim,
    assignment: assignment
      ? {
          id: assignment.user_id,
          name: assignment.user_name,
          assigned_at: assignment.assigned_at.toISOString(),
        }
      : null,
    notes: notes.map(toNoteView),
    pending: open ? toDecisionView(open) : null,
    decisions: decisions.map(toDecisionView),
  };
}
