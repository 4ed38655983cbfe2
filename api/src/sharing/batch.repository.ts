import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../schema.ts';
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
    owner_id: string;
    public_key: Buffer;
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
      owner_id: b.owner_id,
      heartbeat_at: b.created_at,
      public_key: b.public_key,
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

/** A batch's items in their order; with `status`, only those in it (the runner's queue is the `pending` ones). */
export async function listBatchItems(
  db: Kysely<DB>,
  batchId: string,
  status?: BatchItemRow['status'],
): Promise<BatchItemRow[]> {
  return db
    .selectFrom('share_batch_items')
    .selectAll()
    .where('batch_id', '=', batchId)
    .$if(status !== undefined, (q) => q.where('status', '=', status!))
    .orderBy('position')
    .execute();
}

/**
 * One item's outcome and the batch's counters, together, once: only a pending item is recorded, so a process
 * that lost the batch to another (its heartbeat went stale) cannot count a row twice.
 */
export async function recordItem(
  db: Kysely<DB>,
  batchId: string,
  position: number,
  outcome:
    | { status: 'shared'; share_id: string; sealed_token: Buffer }
    | { status: 'failed'; error_code: string; error_message: string },
): Promise<boolean> {
  const r = await db
    .updateTable('share_batch_items')
    .set(
      outcome.status === 'shared'
        ? { status: 'shared', share_id: outcome.share_id, sealed_token: outcome.sealed_token }
        : { status: 'failed', error_code: outcome.error_code, error_message: outcome.error_message },
    )
    .where('batch_id', '=', batchId)
    .where('position', '=', position)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return false;
  await db
    .updateTable('share_batches')
    .set((eb) => ({
      done: eb('done', '+', 1),
      failed: outcome.status === 'failed' ? eb('failed', '+', 1) : eb.ref('failed'),
    }))
    .where('id', '=', batchId)
    .execute();
  return true;
}

/** Ends a running batch; false when it was no longer running (another replica ended it first). */
export async function finishBatch(
  db: Kysely<DB>,
  batchId: string,
  status: 'finished' | 'interrupted',
  at: Date,
): Promise<boolean> {
  const r = await db
    .updateTable('share_batches')
    .set({ status, finished_at: at, owner_id: null })
    .where('id', '=', batchId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/**
 * Takes a running batch whose owner is gone (released at shutdown, or no heartbeat for `leaseMs`); true when
 * this process is now its owner.
 */
export async function adoptBatch(
  db: Kysely<DB>,
  input: { batchId: string; ownerId: string; now: Date; leaseMs: number },
): Promise<boolean> {
  const stale = new Date(input.now.getTime() - input.leaseMs);
  const row = await db
    .updateTable('share_batches')
    .set({ owner_id: input.ownerId, heartbeat_at: input.now })
    .where('id', '=', input.batchId)
    .where('status', '=', 'running')
    .where('public_key', 'is not', null)
    .where((eb) => eb.or([eb('owner_id', 'is', null), eb('heartbeat_at', '<', stale)]))
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Running batches nobody runs: released, or their owner stopped heartbeating (oldest first). */
export async function orphanedBatches(db: Kysely<DB>, now: Date, leaseMs: number, limit = 5) {
  const stale = new Date(now.getTime() - leaseMs);
  const rows = await db
    .selectFrom('share_batches')
    .select('id')
    .where('status', '=', 'running')
    .where('public_key', 'is not', null)
    .where((eb) => eb.or([eb('owner_id', 'is', null), eb('heartbeat_at', '<', stale)]))
    .orderBy('created_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Renews this process's batches; returns the ids still ours (a batch missing from it was adopted elsewhere). */
export async function heartbeatBatches(db: Kysely<DB>, ownerId: string, ids: string[], now: Date) {
  if (ids.length === 0) return new Set<string>();
  const rows = await db
    .updateTable('share_batches')
    .set({ heartbeat_at: now })
    .where('owner_id', '=', ownerId)
    .where('status', '=', 'running')
    .where('id', 'in', ids)
    .returning('id')
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Shutdown: hand this process's running batches to whichever process looks next. */
export async function releaseBatches(db: Kysely<DB>, ownerId: string): Promise<number> {
  const r = await db
    .updateTable('share_batches')
    .set({ owner_id: null })
    .where('owner_id', '=', ownerId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** The sealed tokens, taken out for the one download: they are gone from the table in the same transaction. */
export async function takeSealedTokens(db: Kysely<DB>, batchId: string) {
  const rows = await db
    .updateTable('share_batch_items as i')
    .set({ sealed_token: null })
    .from(
      db
        .selectFrom('share_batch_items')
        .select(['batch_id', 'position', 'sealed_token'])
        .where('batch_id', '=', batchId)
        .where('sealed_token', 'is not', null)
        .forUpdate()
        .as('old'),
    )
    .whereRef('i.batch_id', '=', 'old.batch_id')
    .whereRef('i.position', '=', 'old.position')
    .returning(['old.position', 'old.sealed_token'])
    .execute();
  return new Map(rows.map((r) => [r.position, r.sealed_token as Buffer]));
}

export async function countSealedTokens(db: Kysely<DB>, batchId: string): Promise<number> {
  const r = await db
    .selectFrom('share_batch_items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('batch_id', '=', batchId)
    .where('sealed_token', 'is not', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
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
