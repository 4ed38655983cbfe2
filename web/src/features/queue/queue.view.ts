/** What the queue says around its rows: the total, why it is empty, whether the date range makes sense. */
import type { QueueSearch } from './queue.search.ts';

export interface QueueTotal {
  count: number;
  /** False above the server's exact-count cap: the planner's estimate, shown with `~`. */
  exact: boolean;
}

const number = new Intl.NumberFormat('en-US');

export function formatTotal(total: QueueTotal): string {
  const n = total.exact ? total.count : roundEstimate(total.count);
  const text = `${total.exact ? '' : '~'}${number.format(n)}`;
  return `${text} ${total.count === 1 && total.exact ? 'session' : 'sessions'}`;
}

/** An estimate shown to two significant figures: its last digits mean nothing. */
function roundEstimate(n: number): number {
  if (n < 100) return n;
  const magnitude = 10 ** (Math.floor(Math.log10(n)) - 1);
  return Math.round(n / magnitude) * magnitude;
}

/** `From` after `To` is refused before it reaches the server (which refuses it too). */
export function dateRangeError(from: string, to: string): string | null {
  if (from && to && from > to) return 'From must be on or before To.';
  return null;
}

/** The empty table names the filter that emptied it, not "no case is waiting" when cases are waiting. */
export function emptyMessage(s: QueueSearch): string {
  if (s.assigned === 'me') return 'Nothing is assigned to you. Claim a case to see it here.';
  if (s.assigned === 'none') return 'Every matching case is claimed by a reviewer.';
  if (s.q.trim()) return `No session matches “${s.q.trim()}”.`;
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
  if (filtered) return 'No session matches these filters.';
  if (s.tab === 'review') return 'No case is waiting for review.';
  if (s.tab === 'imported') return 'No imported session yet.';
  return 'No session yet.';
}
