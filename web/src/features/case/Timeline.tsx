import { StatusBadge } from '../../components/ui.tsx';
import { formatDateTime } from '../../lib/format.ts';
import type { HistoryEntry } from './case.api.ts';
import { collapseTimeline } from './why-review.ts';

export function Timeline({ history: all }: { history: HistoryEntry[] }) {
  const history = collapseTimeline(all);
  return (
    <section className="card" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Status timeline</h2>
      {history.length === 0 ? (
        <p className="muted">No events applied yet.</p>
      ) : (
        <ol className="timeline" data-testid="timeline">
          {history.map((h, i) => (
            <li key={h.eventId ?? i}>
              <StatusBadge status={h.status} />
              <span className="small">{formatDateTime(h.at)}</span>
              <span className="tag">{h.source}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
