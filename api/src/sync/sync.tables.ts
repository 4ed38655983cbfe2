import type { Generated } from 'kysely';

export const BACKFILL_STATES = ['running', 'stopping', 'stopped', 'done', 'failed'] as const;
export type BackfillState = (typeof BACKFILL_STATES)[number];

export interface BackfillRunsTable {
  id: Generated<number>;
  state: BackfillState;
  /** Offset of the next `GET /v3/sessions/` page: everything before it has been fetched and applied. */
  checkpoint_offset: number;
  done: number;
  total: number | null;
  started_at: Date;
  finished_at: Date | null;
  updated_at: Date;
  /** Start of the current worker's stretch (a resumed run measures its rate from here). */
  segment_started_at: Date | null;
  segment_done: number;
  rate_per_min: number | null;
  started_by: string | null;
  error: string | null;
}

export interface SyncDriftsTable {
  id: Generated<number>;
  session_id: string;
  field: string;
  local_value: string | null;
  didit_value: string | null;
  detected_at: Date;
}

export interface SyncTables {
  backfill_runs: BackfillRunsTable;
  sync_drifts: SyncDriftsTable;
}
