import { StatusBadge } from '../../components/ui.tsx';
import { formatDateTime } from '../../lib/format.ts';
import type { CurrentUser } from '../auth/auth.api.ts';
import type { Decision } from './case.api.ts';

/**
 * The requester's answer on the case itself: what the second reviewer did with the last decision they
 * staged here, and why when it was rejected. (A withdrawal by the requester is their own doing: no notice.)
 */
export function DecisionOutcomeNotice({ decisions, user }: { decisions: Decision[]; user: CurrentUser }) {
  const last = decisions.find((d) => d.requestedById === user.id && d.rules.length > 0);
  if (!last || last.state === 'staged') return null;
  if (last.state === 'rejected') {
    if (last.rejectedById === user.id) return null;
    return (
      <section
        className="notice notice-warning decision-outcome"
        aria-label="Outcome of your staged decision"
        data-testid="four-eyes-outcome"
      >
        <p>
          Your staged <StatusBadge status={last.newStatus} /> was{' '}
          <strong>rejected by {last.rejectedBy}</strong>
          {last.rejectedAt ? ` at ${formatDateTime(last.rejectedAt)}` : ''}.
        </p>
        {last.rejectComment && <p className="pre-wrap">Their reason: “{last.rejectComment}”</p>}
      </section>
    );
  }
  if (!last.confirmedBy) return null;
  return (
    <section
      className="notice notice-info decision-outcome"
      aria-label="Outcome of your staged decision"
      data-testid="four-eyes-outcome"
    >
      <p>
        Your staged <StatusBadge status={last.newStatus} /> was{' '}
        <strong>confirmed by {last.confirmedBy}</strong> and sent to Didit
        {last.state === 'failed' ? `, which refused it (${last.diditError ?? 'error'})` : ''}.
      </p>
    </section>
  );
}
