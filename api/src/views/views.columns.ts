import { QUEUE_COLUMN_IDS, type QueueColumnId } from '@console/contract/queue';

/**
 * The queue's column ids a saved view may keep (visible columns): the one list in @console/contract, which
 * the web's queue renders too. An id the queue does not know is refused (400).
 */
export { QUEUE_COLUMN_IDS, type QueueColumnId };

/** A stored id the queue still knows (a column dropped later is left out of the view, not an error). */
export const isQueueColumn = (id: string): id is QueueColumnId =>
  (QUEUE_COLUMN_IDS as readonly string[]).includes(id);
