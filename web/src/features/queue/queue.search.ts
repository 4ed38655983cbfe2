import {
  QUEUE_COLUMN_IDS,
  QUEUE_SORTS,
  type QueueColumnId,
  type QueueSort,
  TIME_SORTS,
} from '@console/contract/queue';
import { z } from 'zod';
import type { MessageKey } from '../../i18n/catalog.ts';

export type { QueueColumnId, QueueSort };

const flag = z.enum(['', 'true', 'false']).catch('').default('');

/** The queue's URL: every filter, the tab and the keyset cursor. Unknown values fall back to defaults. */
export const queueSearchSchema = z.object({
  /** `confirm`: decisions other reviewers staged, awaiting my confirmation (four-eyes). */
  tab: z.enum(['review', 'imported', 'all', 'confirm']).catch('review').default('review'),
  q: z.string().max(200).catch('').default(''),
  status: z.string().max(40).catch('').default(''),
  kind: z.enum(['', 'user', 'business']).catch('').default(''),
  workflow_id: z.string().max(64).catch('').default(''),
  from: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$|^$/)
    .catch('')
    .default(''),
  to: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$|^$/)
    .catch('')
    .default(''),
  has_aml_hits: flag,
  has_unreviewed_hits: flag,
  has_issues: flag,
  assigned: z.enum(['', 'me', 'none']).catch('').default(''),
  order: z.enum(['', 'oldest', 'newest']).catch('').default(''),
  /** The column the queue is ordered by (@console/contract QUEUE_SORTS); '' is when the case began. */
  sort: z
    .enum(['', ...QUEUE_SORTS])
    .catch('')
    .default(''),
  /** The person's or business's entity status (issue 16). */
  entity_status: z.enum(['', 'ACTIVE', 'FLAGGED', 'BLOCKED']).catch('').default(''),
  /** Hidden columns, comma-separated ids (`hide=workflow,findings`); unknown ids are ignored. */
  hide: z
    .string()
    .max(300)
    .regex(/^[a-z_,]*$/)
    .catch('')
    .default(''),
  cursor: z.string().max(500).catch('').default(''),
});

export type QueueSearch = z.infer<typeof queueSearchSchema>;

/** The session number opens the case, so it always shows; every other column can be hidden. */
export const HIDEABLE_COLUMNS: readonly QueueColumnId[] = QUEUE_COLUMN_IDS.filter((id) => id !== 'number');

/** The hidden columns the URL names, known ones only, in the columns' order. */
export function hiddenColumns(s: Pick<QueueSearch, 'hide'>): QueueColumnId[] {
  const named = new Set(s.hide.split(','));
  return HIDEABLE_COLUMNS.filter((id) => named.has(id));
}

/** The visible columns a saved view keeps, from the URL's hidden ones (and back, when it is applied). */
export const visibleColumns = (s: Pick<QueueSearch, 'hide'>): QueueColumnId[] => {
  const hidden = new Set(hiddenColumns(s));
  return QUEUE_COLUMN_IDS.filter((id) => !hidden.has(id));
};
export const hideParam = (visible: readonly string[]): string =>
  HIDEABLE_COLUMNS.filter((id) => !visible.includes(id)).join(',');

/** Whether a sort orders by a time: its column shows an age, so the oldest first is the largest age first. */
export const isTimeSort = (sort: QueueSort): boolean => (TIME_SORTS as readonly QueueSort[]).includes(sort);

/** The order a column sorts in when it is chosen: names, numbers and statuses ascending, most findings first. */
const FIRST_ORDER = {
  number: 'oldest',
  subject: 'oldest',
  status: 'oldest',
  findings: 'newest',
} as const satisfies Record<Exclude<QueueSort, (typeof TIME_SORTS)[number]>, 'oldest' | 'newest'>;

/**
 * The sort a header click asks for: on the column already sorting it flips the order; between the two time
 * columns it keeps the order; any other column starts in its own first order. The page position is dropped.
 */
export function toggleSort(s: QueueSearch, sort: QueueSort): Pick<QueueSearch, 'sort' | 'order' | 'cursor'> {
  const current: QueueSort = s.sort || 'created';
  const order = effectiveOrder(s);
  const next =
    current === sort
      ? order === 'oldest'
        ? 'newest'
        : 'oldest'
      : isTimeSort(current) && isTimeSort(sort)
        ? order
        : effectiveOrder({ ...s, sort, order: '' });
  return { sort: sort === 'created' ? '' : sort, order: next, cursor: '' };
}

/** Whether the column sorting now shows its order descending (`aria-sort`): an age descends when oldest first. */
export function sortDescending(s: QueueSearch): boolean {
  const order = effectiveOrder(s);
  return isTimeSort(s.sort || 'created') ? order === 'oldest' : order === 'newest';
}

/** The tabs, each label a catalog key (translated where the tab renders). */
export const TABS = [
  { value: 'review', label: 'queue.tabs.review' },
  { value: 'imported', label: 'queue.tabs.imported' },
  { value: 'all', label: 'queue.tabs.all' },
] as const satisfies readonly { value: string; label: MessageKey }[];

/**
 * The order without one in the URL: a column's own first order; by time, In Review is worked oldest first (the
 * longest wait goes first) and the other tabs show newest first. `oldest` is ascending on the sort's key.
 */
export function effectiveOrder(s: Pick<QueueSearch, 'order' | 'sort' | 'tab'>): 'oldest' | 'newest' {
  if (s.order) return s.order;
  const sort: QueueSort = s.sort || 'created';
  if (!isTimeSort(sort)) return FIRST_ORDER[sort as keyof typeof FIRST_ORDER];
  return s.tab === 'review' ? 'oldest' : 'newest';
}

export { KYC_SESSION_STATUSES as KYC_STATUSES } from '@console/didit/statuses';
