import { isDiditError } from '@console/didit/errors';
import type { Kysely } from 'kysely';
import { enqueueJob } from '../platform/jobs/jobs.repository.ts';
import type { JobHandler } from '../platform/jobs/worker.ts';
import type { DB } from '../schema.ts';
import { REFRESH_JOB } from '../sessions/apply-event.ts';
import { type FetchDeps, fetchAndApplyDecision } from '../sessions/fetch-decision.ts';
import { BACKFILL_JOB, backfillJobHandler } from './backfill.service.ts';
import { RECONCILE_JOB, reconcileJobHandler } from './reconcile.service.ts';

/** Every job the decision sync runs, by kind. */
export function syncJobHandlers(
  deps: FetchDeps,
  options: { reconcileIntervalSeconds: number },
): Record<string, JobHandler> {
  return {
    // A Simple-signature event, or a decision status that came without its decision: fetch it.
    [REFRESH_JOB]: async (job) => {
      const sessionId = String(job.payload.session_id);
      try {
        await fetchAndApplyDecision(deps, {
          sessionId,
          source: 'refresh',
          eventKey: `refresh:${sessionId}:job:${job.id}`,
        });
      } catch (err) {
        if (!(isDiditError(err) && err.kind === 'not_found')) throw err;
      }
      return undefined;
    },
    [BACKFILL_JOB]: backfillJobHandler(deps),
    [RECONCILE_JOB]: reconcileJobHandler(deps, options.reconcileIntervalSeconds),
  };
}

/** The reconciliation loop is a singleton job; every process may call this, one row results. */
export async function ensurePeriodicJobs(db: Kysely<DB>, now: Date): Promise<void> {
  await enqueueJob(db, { kind: RECONCILE_JOB, key: 'reconcile', runAt: now, maxAttempts: 1_000_000 }, now);
}
