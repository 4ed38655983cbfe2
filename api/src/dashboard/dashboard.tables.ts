/**
 * Count deltas of sessions per (status_key, session_kind), appended by triggers on `sessions` and rolled up by
 * the dashboard's job (migration 2026-12-07T08-10-00-session-status-counts): the count is `sum(n)`.
 */
export interface SessionStatusCountsTable {
  status_key: string | null;
  session_kind: string;
  n: number;
}

export interface DashboardTables {
  session_status_counts: SessionStatusCountsTable;
}
