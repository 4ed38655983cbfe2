import { Panel, StatusBadge } from '../../components/ui.tsx';
import type { MessageKey } from '../../i18n/catalog.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { codeWords, formatDateTime } from '../../lib/format.ts';
import type { Decision, ReasonCode } from './case.api.ts';
import { reasonLabel } from './reason-label.ts';

/** The console's decision states (api review DECISION_STATES) in words; the provenance card uses them too. */
export const DECISION_STATE = {
  staged: 'case.decisions.state.staged',
  sending: 'case.decisions.state.sending',
  sent: 'case.decisions.state.sent',
  failed: 'case.decisions.state.failed',
  rejected: 'case.decisions.state.rejected',
} as const satisfies Record<string, MessageKey>;

/** Decisions made in this console on the case: who asked, who confirmed or rejected, and why. */
export function ConsoleDecisions({
  decisions,
  reasonCodes,
}: {
  decisions: Decision[];
  reasonCodes: Record<string, ReasonCode[]>;
}) {
  const t = useT();
  if (decisions.length === 0) return null;
  const label = (status: string, code: string) =>
    reasonLabel(code, (reasonCodes[status] ?? []).find((r) => r.code === code)?.label ?? codeWords(code));
  return (
    <Panel id="decisions-title" title={t('case.decisions.title')}>
      <ul className="plain">
        {decisions.map((d) => (
          <li key={d.id}>
            <StatusBadge status={d.newStatus} />{' '}
            {t('case.decisions.requested', { name: d.requestedBy, time: formatDateTime(d.requestedAt) })}{' '}
            <span className="tag">
              {t(DECISION_STATE[d.state as keyof typeof DECISION_STATE] ?? 'case.decisions.state.other')}
            </span>
            {d.confirmedBy && (
              <span className="small"> {t('case.decisions.confirmed_by', { name: d.confirmedBy })}</span>
            )}
            {d.rejectedBy && (
              <span className="small">
                {' '}
                {d.rejectedById === d.requestedById
                  ? t('case.decisions.withdrawn')
                  : t('case.decisions.rejected_by', { name: d.rejectedBy })}
              </span>
            )}
            {d.rejectComment && (
              <p className="small pre-wrap">{t('case.decisions.why', { text: d.rejectComment })}</p>
            )}
            {d.diditError && (
              <span className="tag tag-bad">{t('case.decisions.didit_error', { error: d.diditError })}</span>
            )}
            {d.reasonCodes.length > 0 && (
              <span className="small muted">
                {' '}
                {d.reasonCodes.map((code) => label(d.newStatus, code)).join(', ')}
              </span>
            )}
            {d.comment && <p className="small pre-wrap">{d.comment}</p>}
          </li>
        ))}
      </ul>
    </Panel>
  );
}
