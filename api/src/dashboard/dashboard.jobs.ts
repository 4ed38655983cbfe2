import type { Kysely } from 'kysely';
import type { Clock } from '../platform/clock.ts';
import { enqueueJob, type JobHandler } from '../platform/jobs/index.ts';
import type { DB } from '../schema.ts';
import { foldStatusCounts } from './dashboard.repository.ts';

const STATUS_COUNTS_ROLLUP_JOB = 'dashboard.status_counts_rollup';
/** Often enough that the deltas stay a few thousand rows at the bench's intake rate (200/s). */
const ROLLUP_EVERY_MS = 60_000;

/** The dashboard's periodic work, by kind: folding the open-status count deltas (`foldStatusCounts`). */
export function dashboardJobHandlers(deps: { db: Kysely<DB>; clock: Clock }): Record<string, JobHandler> {
  return {
    [STATUS_COUNTS_ROLLUP_JOB]: async () => {
      await foldStatusCounts(deps.db);
      return { runAt: new Date(deps.clock.now().getTime() + ROLLUP_EVERY_MS) };
    },
  };
}

/** The rollup is a singleton loop; every process may call this, one job row results. */
export async function ensureDashboardJobs(db: Kysely<DB>, now: Date): Promise<void> {
  await enqueueJob(
    db,
    { kind: STATUS_COUNTS_ROLLUP_JOB, key: 'status-counts-rollup', runAt: now, maxAttempts: 1_000_000 },
    now,
  );
}
