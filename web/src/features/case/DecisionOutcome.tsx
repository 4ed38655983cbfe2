import type { ReactNode } from 'react';
import { StatusBadge } from '../../components/ui.tsx';
import { useT } from '../../i18n/I18nProvider.tsx';
import { formatDateTime } from '../../lib/format.ts';
import type { CurrentUser } from '../auth/auth.api.ts';
import type { Decision } from './case.api.ts';

/**
 * The requester's answer on the case itself: what the second reviewer did with the last decision they
 * staged here, and why when it was rejected. (A withdrawal by the requester is their own doing: no notice.)
 */
export function DecisionOutcomeNotice({ decisions, user }: { decisions: Decision[]; user: CurrentUser }) {
  const t = useT();
  const last = decisions.find((d) => d.requestedById === user.id && d.rules.length > 0);
  if (!last || last.state === 'staged') return null;
  if (last.state === 'rejected') {
    if (last.rejectedById === user.id) return null;
    return (
      <Outcome tone="warning">
        <p>
          {t.rich(last.rejectedAt ? 'case.outcome.rejected_at' : 'case.outcome.rejected', {
            status: <StatusBadge status={last.newStatus} />,
            name: last.rejectedBy ?? '',
            time: formatDateTime(last.rejectedAt),
            b: (chunks) => <strong>{chunks}</strong>,
          })}
        </p>
        {last.rejectComment && (
          <p className="pre-wrap">{t('case.outcome.reason', { text: last.rejectComment })}</p>
        )}
      </Outcome>
    );
  }
  if (!last.confirmedBy) return null;
  return (
    <Outcome tone="info">
      <p>
        {t.rich(last.state === 'failed' ? 'case.outcome.confirmed_refused' : 'case.outcome.confirmed', {
          status: <StatusBadge status={last.newStatus} />,
          name: last.confirmedBy,
          error: last.diditError ?? '',
          b: (chunks) => <strong>{chunks}</strong>,
        })}
      </p>
    </Outcome>
  );
}

function Outcome({ tone, children }: { tone: 'warning' | 'info'; children: ReactNode }) {
  const t = useT();
  return (
    <section
      className={`notice notice-${tone} decision-outcome`}
      aria-label={t('case.outcome.label')}
      data-testid="four-eyes-outcome"
    >
      {children}
    </section>
  );
}
