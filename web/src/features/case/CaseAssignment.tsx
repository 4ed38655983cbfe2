import { useId } from 'react';
import { errorMessage } from '../../api/client.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { useAction } from '../../lib/use-action.ts';
import { useResource } from '../../lib/use-resource.ts';
import { assignCase, fetchReviewers, unassignCase } from '../queue/queue.actions.ts';
import type { Claim } from './case.api.ts';
import type { CaseReview } from './use-case-review.ts';

/**
 * Whom the server would let this case go to now: a live claim by someone keeps it theirs (an assignment to
 * anyone else, or an unassignment by a third person, is refused with CLAIMED_BY_OTHER).
 */
function assignmentRules(claim: Claim | null, me: string, assigneeId: string | null) {
  const holder = claim && claim.userId !== me ? claim.userId : null;
  return {
    mayAssignTo: (userId: string) => holder === null || holder === userId,
    mayUnassign: assigneeId !== null && (holder === null || holder === assigneeId),
  };
}

/**
 * Who the case is assigned to, for every role; reviewers and admins (the server's PUT/DELETE
 * /assignment roles) assign it to themselves or a reviewer, or take it off the desk.
 */
export function CaseAssignment({ c }: { c: CaseReview }) {
  const t = useT();
  const pickId = useId();
  const canAssign = c.may.assign;
  const reviewers = useResource(canAssign ? 'reviewers' : null, (signal) => fetchReviewers(signal));
  const { busy, error, run } = useAction();
  const assignment = c.review.data?.assignment ?? null;
  const rules = assignmentRules(c.claim, c.user.id, assignment?.id ?? null);
  const iCanHaveIt = c.user.roles.includes('reviewer');

  const change = async (userId: string | null) => {
    await run(() => (userId ? assignCase(c.id, userId) : unassignCase(c.id)));
    await c.review.reload();
  };

  return (
    <span className="case-assignment" data-testid="case-assignment">
      <span data-testid="case-assignee" dir="auto">
        {c.review.data ? (assignment?.name ?? t('case.header.unassigned')) : '…'}
      </span>
      {canAssign && c.review.data && (
        <span className="case-assignment-controls">
          {iCanHaveIt && assignment?.id !== c.user.id && (
            <button
              type="button"
              className="button small"
              disabled={busy || !rules.mayAssignTo(c.user.id)}
              onClick={() => void change(c.user.id)}
            >
              {t('case.assignment.to_me')}
            </button>
          )}
          <label htmlFor={pickId} className="visually-hidden">
            {t('case.assignment.pick_label')}
          </label>
          <select
            id={pickId}
            className="input small"
            data-testid="assign-to"
            value=""
            disabled={busy || !reviewers.data}
            onChange={(e) => e.target.value && void change(e.target.value)}
          >
            <option value="">{t('case.assignment.pick')}</option>
            {(reviewers.data ?? []).map((r) => (
              <option key={r.id} value={r.id} disabled={r.id === assignment?.id || !rules.mayAssignTo(r.id)}>
                {r.name}
              </option>
            ))}
          </select>
          {assignment && (
            <button
              type="button"
              className="button small button-ghost"
              disabled={busy || !rules.mayUnassign}
              onClick={() => void change(null)}
            >
              {t('case.assignment.unassign')}
            </button>
          )}
        </span>
      )}
      {canAssign && c.claim && c.claim.userId !== c.user.id && (
        <span className="muted small">{t('case.assignment.held', { name: c.claim.holder })}</span>
      )}
      {error ? (
        <span className="field-error" role="alert" data-testid="assignment-error">
          {errorMessage(error)}
        </span>
      ) : null}
    </span>
  );
}
