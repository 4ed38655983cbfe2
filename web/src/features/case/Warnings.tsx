import { groupWarnings, LOG_TYPES, type Warning } from './evidence.ts';

const LABEL = { error: 'Errors', warning: 'Warnings', information: 'Information' } as const;

/** Warnings grouped by log_type: error (Didit would decline), warning (review), information. */
export function Warnings({ warnings }: { warnings: Warning[] }) {
  if (warnings.length === 0) return null;
  const groups = groupWarnings(warnings);
  return (
    <div className="warnings">
      {LOG_TYPES.map((t) =>
        groups[t].length === 0 ? null : (
          <div key={t} className={`warning-group warning-${t}`}>
            <h4>
              {LABEL[t]} <span className="count">{groups[t].length}</span>
            </h4>
            <ul>
              {groups[t].map((w) => (
                <li key={`${w.nodeId}-${w.risk}-${w.short}`}>
                  <strong>{w.short || w.risk}</strong>
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
