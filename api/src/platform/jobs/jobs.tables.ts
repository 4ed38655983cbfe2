import type { ColumnType, Generated } from 'kysely';

export const JOB_STATES = ['queued', 'running', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** A Postgres job queue row. Finished jobs are deleted; failed ones stay for operators. */
export interface JobsTable {
  id: Generated<number>;
  kind: string;
  /** Unique among live jobs: singletons (`backfill`, `reconcile`) and de-duplication (`refresh:<id>`). */
  key: string | null;
  payload: ColumnType<unknown, string | undefined, string>;
  state: ColumnType<JobState, JobState | undefined, JobState>;
  run_at: Date;
  attempts: ColumnType<number, number | undefined, number>;
  max_attempts: ColumnType<number, number | undefined, number>;
  locked_by: string | null;
  locked_until: Date | null;
  heartbeat_at: Date | null;
  last_error: string | null;
  created_at: Date;
  finished_at: Date | null;
}

export interface JobsTables {
  jobs: JobsTable;
}
