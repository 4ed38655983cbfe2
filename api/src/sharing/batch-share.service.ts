import type { AuditContext } from '../audit/audit.context.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { AppError, notFound } from '../platform/errors.ts';
import {
  claimDownload,
  countSealedTokens,
  findBatch,
  finishBatch,
  insertBatch,
  listBatchItems,
  type NewBatchItem,
  takeSealedTokens,
} from './batch.repository.ts';
import { newBatchKeyPair, openToken, readBatchKey } from './batch-seal.ts';
import { csvLine } from './csv.ts';
import { findLatestSessionsByVendorData, findLocalSessions } from './local-sessions.repository.ts';
import { resolveTarget } from './share.service.ts';
import { isShareable } from './share-token.ts';
import { listBatchShares } from './shares.repository.ts';
import type { SharingDeps } from './sharing.deps.ts';

export const MAX_BATCH = 500;

export interface BatchInput {
  partner_id: string;
  ttl_in_seconds: number;
  session_ids?: string[] | undefined;
  vendor_data?: string[] | undefined;
}

function dedupe(values: readonly string[]): string[] {
  return [...new Set(values.map((v) => v.trim()).filter((v) => v.length > 0))];
}

/** POST /api/shares/batch: resolves and checks every row now, then shares in the background. */
export async function startBatch(deps: SharingDeps, ctx: AuditContext, input: BatchInput) {
  const bySession = input.session_ids !== undefined;
  if (bySession === (input.vendor_data !== undefined)) {
    throw new AppError('VALIDATION', 'session_ids: give either session_ids or vendor_data');
  }
  const keys = dedupe(input.session_ids ?? input.vendor_data ?? []);
  if (keys.length === 0) throw new AppError('VALIDATION', 'session_ids: nothing to share');
  if (keys.length > MAX_BATCH) {
    throw new AppError(
      'VALIDATION',
      `session_ids: at most ${MAX_BATCH} sessions per batch (got ${keys.length})`,
    );
  }
  const target = await resolveTarget(deps, { partner_id: input.partner_id });
  const { db } = deps.database;
  const sessions = bySession
    ? new Map((await findLocalSessions(db, keys)).map((s) => [s.session_id, s]))
    : await findLatestSessionsByVendorData(db, keys);

  const items: NewBatchItem[] = keys.map((key, position) => {
    const s = sessions.get(key);
    const base = {
      position,
      session_id: s?.session_id ?? (bySession ? key : null),
      vendor_data: bySession ? (s?.vendor_data ?? null) : key,
    };
    if (!s) {
      return {
        ...base,
        status: 'failed',
        error_code: 'NOT_FOUND',
        error_message: bySession ? 'No such session in this console' : 'No session with this vendor_data',
      };
    }
    if (!s.status || !isShareable(s.status)) {
      return {
        ...base,
        status: 'failed',
        error_code: 'SESSION_NOT_SHAREABLE',
        error_message: `Not finished (${s.status ?? 'no status'}): only Approved, Declined or In Review can be shared`,
      };
    }
    return { ...base, status: 'pending', error_code: null, error_message: null };
  });

  const at = deps.clock.now();
  const keyPair = newBatchKeyPair();
  const batch = await db.transaction().execute(async (trx) => {
    const b = await insertBatch(trx, {
      partner_id: target.partner!.id,
      for_application_id: target.forApplicationId,
      ttl_seconds: input.ttl_in_seconds,
      created_by: ctx.actor.id,
      created_at: at,
      items,
      owner_id: deps.batches.ownerId,
      public_key: keyPair.publicKey,
    });
    await appendAudit(trx, {
      ...ctx,
      at,
      action: 'share.batch.start',
      subjectType: 'share_batch',
      subjectId: b.id,
      details: {
        partner_id: target.partner!.id,
        partner_name: target.partner!.name,
        total: b.total,
        refused_before_sharing: b.failed,
        ttl_seconds: input.ttl_in_seconds,
        selected_by: bySession ? 'session_ids' : 'vendor_data',
      },
    });
    return b;
  });
  if (batch.status === 'running') deps.batches.launch(batch.id, ctx);
  // The private key leaves with this answer and is kept nowhere here: only its holder can open the tokens.
  return { ...(await batchProgress(deps, batch.id)), batchKey: keyPair.batchKey };
}

export type TokensState = 'pending' | 'available' | 'downloaded' | 'none' | 'lost';

/**
 * GET /api/shares/batch/:id, on any process. A running batch is alive while its owner heartbeats; one whose
 * owner is gone is adopted here and carries on. Only a batch from before sealed tokens (no public key) whose
 * owner is gone is `interrupted`: its tokens lived in that process's memory.
 */
export async function batchProgress(deps: SharingDeps, batchId: string) {
  const { db } = deps.database;
  let batch = await findBatch(db, batchId);
  if (!batch) throw notFound('Batch');
  const stale =
    batch.status === 'running' &&
    !deps.batches.isRunning(batchId) &&
    (batch.owner_id === null ||
      batch.heartbeat_at === null ||
      batch.heartbeat_at.getTime() < deps.clock.now().getTime() - deps.batches.leaseMs);
  if (stale) {
    if (batch.public_key) await deps.batches.adopt(batchId);
    else await finishBatch(db, batchId, 'interrupted', deps.clock.now());
    batch = (await findBatch(db, batchId))!;
  }
  const items = await listBatchItems(db, batchId);
  const shared = items.filter((i) => i.status === 'shared').length;
  let tokens: TokensState;
  if (batch.status === 'running' || items.some((i) => i.status === 'pending')) tokens = 'pending';
  else if (batch.tokens_downloaded_at) tokens = 'downloaded';
  else if (shared === 0) tokens = 'none';
  else tokens = (await countSealedTokens(db, batchId)) > 0 ? 'available' : 'lost';
  return { batch, items, shared, tokens };
}

/**
 * GET /api/shares/batch/:id/tokens.csv with `X-Batch-Key`, on any process: the one time the tokens leave.
 * The key is checked against the batch's public key first (a wrong key consumes nothing); then one
 * transaction claims the download (two clicks, one file) and takes the sealed tokens out of the table; they
 * are opened here, in memory, for this answer only.
 */
export async function downloadTokens(
  deps: SharingDeps,
  ctx: AuditContext,
  batchId: string,
  batchKey: string | undefined,
): Promise<string> {
  const { db } = deps.database;
  const { batch, items, tokens } = await batchProgress(deps, batchId);
  if (batch.created_by !== ctx.actor.id) {
    throw new AppError('FORBIDDEN', 'Only the person who started this batch can download its tokens');
  }
  if (tokens === 'pending') {
    throw new AppError(
      'CONFLICT',
      `The batch is still sharing (${batch.done} of ${batch.total} done); download when it has finished`,
    );
  }
  if (tokens === 'downloaded') {
    throw new AppError(
      'BATCH_TOKENS_GONE',
      `The tokens were downloaded on ${batch.tokens_downloaded_at!.toISOString().slice(0, 16).replace('T', ' ')} UTC and are shown only once. Share the sessions again to mint new tokens.`,
    );
  }
  if (tokens === 'none')
    throw new AppError('BATCH_TOKENS_GONE', 'No token was minted in this batch: every row failed');
  if (tokens === 'lost') {
    throw new AppError(
      'BATCH_TOKENS_GONE',
      'The tokens of this batch are no longer held: the console restarted or they expired before the download. The ledger records every share; share the sessions again to mint new tokens.',
    );
  }
  const privateKey = readBatchKey(batchKey, batch.public_key!);
  const at = deps.clock.now();
  const claimed = await db.transaction().execute(async (trx) => {
    if (!(await claimDownload(trx, batchId, ctx.actor.id!, at))) return undefined;
    const sealed = await takeSealedTokens(trx, batchId);
    await appendAudit(trx, {
      ...ctx,
      at,
      action: 'share.batch.download',
      subjectType: 'share_batch',
      subjectId: batchId,
      details: { tokens: sealed.size },
    });
    return sealed;
  });
  if (!claimed)
    throw new AppError('BATCH_TOKENS_GONE', 'The tokens were already downloaded; they are shown only once');
  const held = new Map<number, string>();
  for (const [position, box] of claimed) {
    held.set(position, openToken(privateKey, batch.public_key!, batchId, position, box));
  }
  const shares = new Map((await listBatchShares(db, batchId)).map((s) => [s.id, s]));
  let csv = csvLine([
    'row',
    'session_id',
    'vendor_data',
    'status',
    'share_token',
    'session_kind',
    'expires_at',
    'for_application_id',
    'token_sha256',
    'error',
  ]);
  for (const item of items) {
    const share = item.share_id ? shares.get(item.share_id) : undefined;
    csv += csvLine([
      item.position + 1,
      item.session_id,
      item.vendor_data,
      item.status,
      held.get(item.position) ?? '',
      share?.session_kind,
      share?.expires_at,
      batch.for_application_id,
      share?.token_sha256,
      item.error_message,
    ]);
  }
  return csv;
}
