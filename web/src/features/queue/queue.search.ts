import { z } from 'zod';
import type { MessageKey } from '../../i18n/catalog.ts';

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
  /** The column the queue is ordered by: when the case began (default) or its last event. */
  sort: z.enum(['', 'created', 'last_event']).catch('').default(''),
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

/**
 * The queue's columns, by id: what the URL's `hide` names and a saved view keeps (the API checks them
 * against its copy of this list, api/src/views/views.columns.ts).
 */
export const QUEUE_COLUMN_IDS = [
  'number',
  'subject',
  'kind',
  'status',
  'findings',
  'workflow',
  'assigned_to',
  'assignee',
  'created',
  'last_event',
] as const;
export type QueueColumnId = (typeof QUEUE_COLUMN_IDS)[number];

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

export type QueueSort = Exclude<QueueSearch['sort'], ''>;

/** The sort the queue is in: a header click on the column already sorting flips the order. */
export function toggleSort(s: QueueSearch, sort: QueueSort): Pick<QueueSearch, 'sort' | 'order' | 'cursor'> {
  const current: QueueSort = s.sort || 'created';
  const order = effectiveOrder(s);
  const next = current === sort ? (order === 'oldest' ? 'newest' : 'oldest') : order;
  return { sort: sort === 'created' ? '' : sort, order: next, cursor: '' };
}

/** The tabs, each label a catalog key (translated where the tab renders). */
export const TABS = [
  { value: 'review', label: 'queue.tabs.review' },
  { value: 'imported', label: 'queue.tabs.imported' },
  { value: 'all', label: 'queue.tabs.all' },
] as const satisfies readonly { value: string; label: MessageKey }[];

/** In Review is worked oldest first (the longest wait goes first); the other tabs show newest first. */
export function effectiveOrder(s: QueueSearch): 'oldest' | 'newest' {
  if (s.order) return s.order;
  return s.tab === 'review' ? 'oldest' : 'newest';
}

export { KYC_SESSION_STATUSES as KYC_STATUSES } from '@console/didit/statuses';
