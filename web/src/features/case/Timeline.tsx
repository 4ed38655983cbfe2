import { Panel, StatusBadge } from '../../components/ui.tsx';
import type { MessageKey } from '../../i18n/catalog.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { formatDateTime } from '../../lib/format.ts';
import type { HistoryEntry } from './case.api.ts';
import { collapseTimeline } from './why-review.ts';

const SOURCE = {
  webhook: 'case.timeline.source.webhook',
  refresh: 'case.timeline.source.refresh',
  backfill: 'case.timeline.source.backfill',
  reconcile: 'case.timeline.source.reconcile',
  import: 'case.timeline.source.import',
  reviewer: 'case.timeline.source.reviewer',
} as const satisfies Record<string, MessageKey>;

export function Timeline({ history: all }: { history: HistoryEntry[] }) {
  const t = useT();
  const history = collapseTimeline(all);
  return (
    <Panel id="timeline-title" title={t('case.timeline.title')}>
      {history.length === 0 ? (
        <p className="muted">{t('case.timeline.empty')}</p>
      ) : (
        <ol className="timeline" data-testid="timeline">
          {history.map((h, i) => (
            <li key={h.eventId ?? i}>
              <StatusBadge status={h.status} />
              <span className="small">{formatDateTime(h.at)}</span>
              <span className="tag">
                {t(SOURCE[h.source as keyof typeof SOURCE] ?? 'case.timeline.source.other')}
              </span>
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}
