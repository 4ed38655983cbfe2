import { isDiditError } from '@console/didit/errors';
import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/audit.service.ts';
import { AppError } from '../platform/errors.ts';
import type { CurrentUser } from '../platform/http/app-env.ts';
import type { ClaimedJob, JobContext } from '../platform/jobs/index.ts';
import { enqueueJob } from '../platform/jobs/jobs.repository.ts';
import type { DB } from '../schema.ts';
import { type FetchDeps, fetchAndApplyDecision, requireDidit } from '../sessions/fetch-decision.ts';
import {
  beginBackfillSegment,
  checkpointBackfill,
  findBackfillRun,
  findLatestBackfillRun,
  finishBackfill,
  insertBackfillRun,
  stopLiveBackfillRun,
} from './backfill.repository.ts';

export const BACKFILL_JOB = 'sync.backfill';
/** `GET /v3/sessions/` page size; with `session_kind=all` a page holds up to twice this many rows. */
export const BACKFILL_PAGE_SIZE = 50;
/** Decisions in flight at once; the shared limiter, not this number, sets the pace. */
export const BACKFILL_CONCURRENCY = 8;

export interface BackfillDeps extends FetchDeps {
  /** Wakes this process's job worker so the run starts now rather than at the next poll. */
  pokeJobs?: () => void;
}

type RunRow = NonNullable<Awaited<ReturnType<typeof findLatestBackfillRun>>>;

export function backfillProgressView(run: RunRow | undefined) {
  if (!run) {
    return {
      run_id: null,
      state: 'idle',
      done: 0,
      total: null,
      rate_per_min: null,
      eta_seconds: null,
      started_at: null,
      finished_at: null,
    };
  }
  const rate = run.rate_per_min && run.rate_per_min > 0 ? run.rate_per_min : null;
  const remaining = run.total === null ? null : Math.max(0, run.total - run.done);
  const live = run.state === 'running' || run.state === 'stopping';
  return {
    run_id: run.id,
    state: run.state,
    done: run.done,
    total: run.total,
    rate_per_min: rate === null ? null : Math.round(rate * 10) / 10,
    eta_seconds:
      live && rate !== null && remaining !== null ? Math.round((remaining / rate) * 60) : live ? null : 0,
    started_at: run.started_at.toISOString(),
    finished_at: run.finished_at?.toISOString() ?? null,
    error: run.error,
  };
}

export async function getBackfillProgress(db: Kysely<DB>) {
  return backfillProgressView(await findLatestBackfillRun(db));
}

export async function startBackfill(deps: BackfillDeps, input: { user: CurrentUser; requestId?: string }) {
  requireDidit(deps.didit);
  const now = deps.clock.now();
  const runId = await deps.db.transaction().execute(async (trx) => {
    const id = await insertBackfillRun(trx, { now, startedBy: input.user.id });
    if (id === undefined) return undefined;
    await enqueueJob(
      trx,
      { kind: BACKFILL_JOB, key: `backfill:${id}`, payload: { run_id: id }, runAt: now, maxAttempts: 50 },
      now,
    );
    await appendAudit(trx, {
      actor: { id: input.user.id, label: input.user.email },
      action: 'sync.backfill.start',
      subjectType: 'backfill_run',
      subjectId: String(id),
      requestId: input.requestId ?? null,
      at: now,
    });
    return id;
  });
  if (runId === undefined) throw new AppError('CONFLICT', 'A backfill is already running');
  deps.pokeJobs?.();
  return getBackfillProgress(deps.db);
}

export async function stopBackfill(deps: BackfillDeps, input: { user: CurrentUser; requestId?: string }) {
  const now = deps.clock.now();
  const stopped = await deps.db.transaction().execute(async (trx) => {
    const run = await stopLiveBackfillRun(trx, now);
    if (!run) return undefined;
    await appendAudit(trx, {
      actor: { id: input.user.id, label: input.user.email },
      action: 'sync.backfill.stop',
      subjectType: 'backfill_run',
      subjectId: String(run.id),
      requestId: input.requestId ?? null,
      details: { done: run.done, total: run.total },
      at: now,
    });
    return run;
  });
  if (!stopped) throw new AppError('CONFLICT', 'No backfill is running');
  return getBackfillProgress(deps.db);
}

async function mapLimit<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(lanes);
}

/**
 * The backfill job: walks `GET /v3/sessions/?session_kind=all` page by page, fetches and applies each
 * decision, and checkpoints the offset after each page. A crash loses at most one page of work: the next
 * worker resumes from the checkpoint, and the page's events are keyed per run and session, so nothing is
 * stored twice.
 */
export function backfillJobHandler(deps: FetchDeps, options: { pageSize?: number } = {}) {
  const pageSize = options.pageSize ?? BACKFILL_PAGE_SIZE;
  return async (job: ClaimedJob, ctx: JobContext): Promise<undefined> => {
    const runId = Number(job.payload.run_id);
    try {
      return await runBackfill(deps, runId, ctx, pageSize);
    } catch (err) {
      if (job.attempts >= job.max_attempts && !ctx.signal.aborted) {
        const error = err instanceof Error ? err.message : String(err);
        await finishBackfill(deps.db, {
          id: runId,
          state: 'failed',
          error: error.slice(0, 300),
          now: deps.clock.now(),
        });
      }
      throw err;
    }
  };
}

async function runBackfill(
  deps: FetchDeps,
  runId: number,
  ctx: JobContext,
  pageSize: number,
): Promise<undefined> {
  {
    const run = await findBackfillRun(deps.db, runId);
    if (run?.state !== 'running') return undefined;
    const didit = requireDidit(deps.didit);
    await beginBackfillSegment(deps.db, runId, deps.clock.now());
    let offset = run.checkpoint_offset;
    for (;;) {
      if (ctx.signal.aborted) throw new Error('backfill interrupted; resuming from its checkpoint');
      const page = await didit.listSessions({ session_kind: 'all', limit: pageSize, offset });
      if (page.results.length === 0) {
        await finishBackfill(deps.db, { id: runId, state: 'done', now: deps.clock.now() });
        return undefined;
      }
      await mapLimit(page.results, BACKFILL_CONCURRENCY, async (row) => {
        if (ctx.signal.aborted) return;
        try {
          await fetchAndApplyDecision(deps, {
            sessionId: row.session_id,
            source: 'backfill',
            eventKey: `backfill:${runId}:${row.session_id}`,
          });
        } catch (err) {
          // Deleted between the list and the fetch: nothing to apply.
          if (!(isDiditError(err) && err.kind === 'not_found')) throw err;
        }
      });
      if (ctx.signal.aborted) throw new Error('backfill interrupted; resuming from its checkpoint');
      offset += pageSize;
      const stillRunning = await checkpointBackfill(deps.db, {
        id: runId,
        offset,
        processed: page.results.length,
        total: page.count,
        now: deps.clock.now(),
      });
      if (!stillRunning) return undefined; // stopped by an admin
    }
  }
}
