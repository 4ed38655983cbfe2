/**
 * The queue's column ids a saved view may keep (visible columns). The web's list is
 * web/src/features/queue/queue.search.ts `QUEUE_COLUMN_IDS`; an id the queue does not know is refused (400).
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

/** A stored id the queue still knows (a column dropped later is left out of the view, not an error). */
export const isQueueColumn = (id: string): id is QueueColumnId =>
  (QUEUE_COLUMN_IDS as readonly string[]).includes(id);
