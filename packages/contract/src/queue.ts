/**
 * The review queue's columns and sorts: one list that the API checks saved views and `GET /api/sessions`
 * against (`api/src/views`, `api/src/sessions`) and the web's queue renders (`web/src/features/queue`).
 */

/** The queue's columns, by id, in the order the queue shows them: what a saved view keeps (visible ones). */
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

/**
 * The columns the queue sorts by (`GET /api/sessions?sort=`), each named as its column: when the case began
 * (`created`, the default), its last event, its session number, its subject's name (folded, names missing
 * last), its status (`status_key`, then age) and its findings (open AML hits, then errors, then warnings,
 * then age). Each is a keyset with an index per tab (migration 2026-12-07T08-00-00-queue-column-sorts).
 */
export const QUEUE_SORTS = [
  'created',
  'last_event',
  'number',
  'subject',
  'status',
  'findings',
] as const satisfies readonly QueueColumnId[];
export type QueueSort = (typeof QUEUE_SORTS)[number];

/** The sorts that order by a time (the columns show an age): `order=oldest` is the largest age first. */
export const TIME_SORTS = ['created', 'last_event'] as const satisfies readonly QueueSort[];
