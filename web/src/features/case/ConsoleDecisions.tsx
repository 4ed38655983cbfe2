import { StatusBadge } from '../../components/ui.tsx';
import { codeWords, formatDateTime } from '../../lib/format.ts';
import type { Decision, ReasonCode } from './case.api.ts';

/** Decisions made in this console on the case: who asked, who confirmed or rejected, and why. */
export function ConsoleDecisions({
  decisions,
  reasonCodes,
}: {
  decisions: Decision[];
  reasonCodes: Record<string, ReasonCode[]>;
}) {
  if (decisions.length === 0) return null;
  const label = (status: string, code: string) =>
    (reasonCodes[status] ?? []).find((r) => r.code === code)?.label ?? codeWords(code);
  return (
    <section className="card" aria-labelledby="decisions-title">
      <h2 id="decisions-title">Decisions made in this console</h2>
      <ul className="plain">
        {decisions.map((d) => (
          <li key={d.id}>
            <StatusBadge status={d.newStatus} /> requested by {d.requestedBy} at{' '}
            {formatDateTime(d.requestedAt)} <span className="tag">{codeWords(d.state)}</span>
            {d.confirmedBy && <span className="small"> confirmed by {d.confirmedBy}</span>}
            {d.rejectedBy && (
              <span className="small">
                {' '}
                {d.rejectedById === d.requestedById ? 'withdrawn' : `rejected by ${d.rejectedBy}`}
              </span>
            )}
            {d.rejectComment && <p className="small pre-wrap">Why: “{d.rejectComment}”</p>}
            {d.diditError && <span className="tag tag-bad">Didit: {d.diditError}</span>}
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
    </section>
  );
}
