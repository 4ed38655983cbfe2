import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { BatchItemStatus, ShareBatchesTable, ShareBatchItemsTable } from './sharing.tables.ts';

export type BatchRow = Selectable<ShareBatchesTable>;
export type BatchItemRow = Selectable<ShareBatchItemsTable>;

export interface NewBatchItem {
  position: number;
  session_id: string | null;
  vendor_data: string | null;
  status: BatchItemStatus;
  error_code: string | null;
  error_message: string | null;
}

export async function insertBatch(
  db: Kysely<DB>,
  b: {
    partner_id: string;
    for_application_id: string;
    ttl_seconds: number;
    created_by: string | null;
    created_at: Date;
    items: NewBatchItem[];
  },
): Promise<BatchRow> {
  const failed = b.items.filter((i) => i.status === 'failed').length;
  const batch = await db
    .insertInto('share_batches')
    .values({
      partner_id: b.partner_id,
      for_application_id: b.for_application_id,
      ttl_seconds: b.ttl_seconds,
      total: b.items.length,
      done: failed,
      failed,
      status: failed === b.items.length ? 'finished' : 'running',
      created_by: b.created_by,
      created_at: b.created_at,
      finished_at: failed === b.items.length ? b.created_at : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db
    .insertInto('share_batch_items')
    .values(b.items.map((i) => ({ ...i, batch_id: batch.id })))
    .execute();
  return batch;
}

export async function findBatch(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('share_batches as b')
    .leftJoin('partners as p', 'p.id', 'b.partner_id')
    .selectAll('b')
    .select('p.name as partner_name')
    .where('b.id', '=', id)
    .executeTakeFirst();
}

export async function listBatchItems(db: Kysely<DB>, batchId: string): Promise<BatchItemRow[]> {
  return db
    .selectFrom('share_batch_items')
    .selectAll()
    .where('batch_id', '=', batchId)
    .orderBy('position')
    .execute();
}

export async function pendingItems(db: Kysely<DB>, batchId: string): Promise<BatchItemRow[]> {
  return db
    .selectFrom('share_batch_items')
    .selectAll()
    .where('batch_id', '=', batchId)
    .where('status', '=', 'pending')
    .orderBy('position')
    .execute();
}

/** One item's outcome and the batch's counters, together. */
export async function recordItem(
  db: Kysely<DB>,
  batchId: string,
  position: number,
  outcome:
    | { status: 'shared'; share_id: string }
    | { status: 'failed'; error_code: string; error_message: string },
): Promise<void> {
  await db
    .updateTable('share_batch_items')
    .set(
      outcome.status === 'shared'
        ? { status: 'shared', share_id: outcome.share_id }
        : { status: 'failed', error_code: outcome.error_code, error_message: outcome.error_message },
    )
    .where('batch_id', '=', batchId)
    .where('position', '=', position)
    .execute();
  await db
    .updateTable('share_batches')
    .set((eb) => ({
      done: eb('done', '+', 1),
      failed: outcome.status === 'failed' ? eb('failed', '+', 1) : eb.ref('failed'),
    }))
    .where('id', '=', batchId)
    .execute();
}

export async function finishBatch(
  db: Kysely<DB>,
  batchId: string,
  status: 'finished' | 'interrupted',
  at: Date,
) {
  await db
    .updateTable('share_batches')
    .set({ status, finished_at: at })
    .where('id', '=', batchId)
    .where('status', '=', 'running')
    .execute();
}

/** Marks the one download; false when it already happened (the row is the arbiter between two clicks). */
export async function claimDownload(
  db: Kysely<DB>,
  batchId: string,
  userId: string,
  at: Date,
): Promise<boolean> {
  const row = await db
    .updateTable('share_batches')
    .set({ tokens_downloaded_at: at, tokens_downloaded_by: userId })
    .where('id', '=', batchId)
    .where('tokens_downloaded_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}
