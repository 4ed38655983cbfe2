import type { MessageKey } from '../../i18n/catalog.ts';
import { diditKey } from '../../i18n/didit.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { termText } from '../../i18n/terms.ts';
import { groupWarnings, LOG_TYPES, type Warning } from './evidence.ts';

const LABEL = {
  error: 'case.warnings.error',
  warning: 'case.warnings.warning',
  information: 'case.warnings.information',
} as const satisfies Record<string, MessageKey>;

/** Each group in the colours of the notice of the same weight. */
const TONE: Record<(typeof LOG_TYPES)[number], string> = {
  error: 'notice-error',
  warning: 'notice-warning',
  information: 'notice-info',
};

/** Warnings grouped by log_type: error (Didit would decline), warning (review), information. */
export function Warnings({ warnings }: { warnings: Warning[] }) {
  const tr = useT();
  if (warnings.length === 0) return null;
  const groups = groupWarnings(warnings);
  return (
    <div className="warnings">
      {LOG_TYPES.map((t) =>
        groups[t].length === 0 ? null : (
          <div key={t} className={`warning-group ${TONE[t]}`}>
            <h4>
              {tr(LABEL[t])} <span className="count">{groups[t].length}</span>
            </h4>
            <ul>
              {groups[t].map((w) => (
                <li key={`${w.nodeId}-${w.risk}-${w.short}`}>
                  {/* The console's words for a known risk code, else Didit's own description (its text). */}
                  <strong dir="auto">
                    {termText(diditKey('risk', w.risk), w.risk, w.short || w.risk).label}
                  </strong>
                  {w.risk && w.short !== w.risk && <span className="mono small muted"> {w.risk}</span>}
                  {w.long && <p className="small">{w.long}</p>}
                </li>
              ))}
            </ul>
          </div>
        ),
      )}
    </div>
  );
}
