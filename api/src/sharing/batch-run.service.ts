import type { AuditContext } from '../audit/audit.context.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { AppError } from '../platform/errors.ts';
import { findUserById } from '../users/users.repository.ts';
import { type BatchItemRow, findBatch, finishBatch, listBatchItems, recordItem } from './batch.repository.ts';
import { sealToken } from './batch-seal.ts';
import { findLocalSession } from './local-sessions.repository.ts';
import { mintShare, type ResolvedTarget, resolveTarget } from './share.service.ts';
import { isShareable } from './share-token.ts';
import type { SharingDeps } from './sharing.deps.ts';

/**
 * Shares in flight at once. Every call still passes the one limiter of the API key (FIFO), so a batch holds
 * at most this many places in its queue: a reviewer's decision waits behind four shares, not behind 500.
 * The embedded database gets one: its socket server interleaves the protocol messages of concurrent
 * connections outside transactions (seen as "unnamed prepared statement does not exist").
 */
const CONCURRENCY = { server: 4, embedded: 1 } as const;
const MAX_RATE_LIMIT_RETRIES = 5;

async function shareItem(
  deps: SharingDeps,
  ctx: AuditContext,
  batch: { id: string; public_key: Buffer },
  item: BatchItemRow,
  target: ResolvedTarget,
  ttl: number,
) {
  const { db } = deps.database;
  const batchId = batch.id;
  // Re-read: a session can change between the upload and its turn.
  const session = item.session_id ? await findLocalSession(db, item.session_id) : undefined;
  if (!session?.status || !isShareable(session.status)) {
    await recordItem(db, batchId, item.position, {
      status: 'failed',
      error_code: session ? 'SESSION_NOT_SHAREABLE' : 'NOT_FOUND',
      error_message: session
        ? `No longer finished (${session.status ?? 'no status'})`
        : 'The session is gone',
    });
    return;
  }
  for (let attempt = 0; ; attempt++) {
    try {
      const minted = await mintShare(deps, ctx, session, target, ttl, batchId);
      // Sealed before it is stored: the database never holds the token itself (batch-seal.ts).
      const sealed = sealToken(batch.public_key, batchId, item.position, minted.share_token);
      await recordItem(db, batchId, item.position, {
        status: 'shared',
        share_id: minted.share.id,
        sealed_token: sealed,
      });
      return;
    } catch (e) {
      // The limiter has already paused for the time Didit asked; going round again waits for it.
      if (e instanceof AppError && e.code === 'RATE_LIMITED' && attempt < MAX_RATE_LIMIT_RETRIES) continue;
      const known = e instanceof AppError;
      await recordItem(db, batchId, item.position, {
        status: 'failed',
        error_code: known ? e.code : 'INTERNAL',
        error_message: known
          ? e.code === 'DIDIT_UNAVAILABLE'
            ? `${e.message}. If Didit minted a token it was not received: share this session again.`
            : e.message
          : 'Unexpected error; share this session again',
      });
      if (!known)
        deps.logger.error(
          { batch_id: batchId, err: e instanceof Error ? e.message : String(e) },
          'batch item failed',
        );
      return;
    }
  }
}

/** Who a resumed batch acts for: the person who started it (an adopted batch has no request of its own). */
async function creatorContext(deps: SharingDeps, createdBy: string | null): Promise<AuditContext> {
  const user = createdBy ? await findUserById(deps.database.db, createdBy) : undefined;
  return {
    actor: user ? { id: user.id, label: user.email } : { id: createdBy, label: 'batch share' },
    requestId: null,
    ip: null,
    userAgent: null,
  };
}

/**
 * Runs a batch this process owns (BatchRunner): its pending rows, a few at a time, until none is left or the
 * signal stops it between rows (shutdown, or another process adopted it). Only the run that sees no row
 * pending finishes the batch.
 */
export async function runBatch(
  deps: SharingDeps,
  batchId: string,
  given: AuditContext | undefined,
  signal: AbortSignal,
) {
  const { db } = deps.database;
  const batch = await findBatch(db, batchId);
  if (batch?.status !== 'running' || !batch.public_key) return;
  const ctx = given ?? (await creatorContext(deps, batch.created_by));
  const queue = await listBatchItems(db, batchId, 'pending');
  const target = await resolveTarget(deps, { partner_id: batch.partner_id }).catch((e: unknown) => {
    if (e instanceof AppError) return e;
    throw e;
  });
  if (target instanceof AppError) {
    // The partner went away between the start and this run (an adopted batch): the rows left cannot be
    // shared; say so on each, rather than leaving the batch for the next process to stumble on.
    for (const item of queue) {
      await recordItem(db, batchId, item.position, {
        status: 'failed',
        error_code: target.code,
        error_message: target.message,
      });
    }
  } else {
    const sealTo = { id: batchId, public_key: batch.public_key };
    const worker = async () => {
      for (let item = queue.shift(); item && !signal.aborted; item = queue.shift()) {
        await shareItem(deps, ctx, sealTo, item, target, batch.ttl_seconds);
      }
    };
    const lanes = deps.database.embedded ? CONCURRENCY.embedded : CONCURRENCY.server;
    await Promise.all(Array.from({ length: Math.min(lanes, queue.length) }, worker));
  }
  if (signal.aborted || (await listBatchItems(db, batchId, 'pending')).length > 0) return;
  const at = deps.clock.now();
  // One transaction: whoever sees the batch finished also finds its audit entry, and a batch two replicas
  // both completed is ended (and audited) once.
  await db.transaction().execute(async (trx) => {
    if (!(await finishBatch(trx, batchId, 'finished', at))) return;
    const b = await findBatch(trx, batchId);
    await appendAudit(trx, {
      ...ctx,
      at,
      action: 'share.batch.finish',
      subjectType: 'share_batch',
      subjectId: batchId,
      details: { total: b?.total ?? null, failed: b?.failed ?? null, shared: b ? b.done - b.failed : null },
    });
  });
}
