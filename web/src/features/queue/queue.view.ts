/** What the queue says around its rows: the total, why it is empty, whether the date range makes sense. */
import { translate } from '../../i18n/current.ts';
import type { QueueSearch } from './queue.search.ts';

export interface QueueTotal {
  count: number;
  /** False above the server's exact-count cap: the planner's estimate, shown with `~`. */
  exact: boolean;
}

/** The total in the chosen language: exact, or an estimate with `~`. */
export function formatTotal(total: QueueTotal): string {
  return total.exact
    ? translate('queue.total.exact', { count: total.count })
    : translate('queue.total.estimate', { count: roundEstimate(total.count) });
}

/** An estimate shown to two significant figures: its last digits mean nothing. */
function roundEstimate(n: number): number {
  if (n < 100) return n;
  const magnitude = 10 ** (Math.floor(Math.log10(n)) - 1);
  return Math.round(n / magnitude) * magnitude;
}

/** `From` after `To` is refused before it reaches the server (which refuses it too). */
export function dateRangeError(from: string, to: string): string | null {
  if (from && to && from > to) return translate('queue.filters.range_error');
  return null;
}

/** The empty table names the filter that emptied it, not "no case is waiting" when cases are waiting. */
export function emptyMessage(s: QueueSearch): string {
  if (s.assigned === 'me') return translate('queue.empty.assigned_me');
  if (s.assigned === 'none') return translate('queue.empty.assigned_none');
  if (s.q.trim()) return translate('queue.empty.search', { q: s.q.trim() });
  const filtered =
    s.status ||
    s.kind ||
    s.workflow_id ||
    s.from ||
    s.to ||
    s.has_aml_hits ||
    s.has_unreviewed_hits ||
    s.has_issues ||
    s.entity_status;
  if (filtered) return translate('queue.empty.filtered');
  if (s.tab === 'review') return translate('queue.empty.review');
  if (s.tab === 'imported') return translate('queue.empty.imported');
  return translate('queue.empty.all');
}
