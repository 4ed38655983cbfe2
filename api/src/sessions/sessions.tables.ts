import type { ColumnType, Generated, GeneratedAlways } from 'kysely';

/** Where an event came from. Everything that changes a session is one of these. */
export const EVENT_SOURCES = ['webhook', 'refresh', 'backfill', 'reconcile', 'import', 'reviewer'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

/**
 * - applied: folded into the session (it was the newest when it arrived);
 * - stale: older than what the session showed when it arrived; folded in its place by a per-session refold;
 * - pending_fetch: the envelope (status) is applied, the decision is fetched from Didit by a refresh job;
 * - failed: verified but could not be applied (`apply_error` says why), kept for operators;
 * - ignored: a webhook type that does not describe a verification session (entities, transactions).
 */
export const APPLY_STATES = ['applied', 'stale', 'pending_fetch', 'failed', 'ignored'] as const;
export type ApplyState = (typeof APPLY_STATES)[number];

/** The states that take part in a session's fold (and its status history). */
export const FOLDED_STATES = ['applied', 'stale', 'pending_fetch'] as const satisfies readonly ApplyState[];

export interface WebhookEventsTable {
  id: Generated<number>;
  event_key: string;
  event_id: string | null;
  source: EventSource;
  webhook_type: string | null;
  session_id: string | null;
  status: string | null;
  status_key: GeneratedAlways<string | null>;
  occurred_at: Date;
  /** Orders events with the same `occurred_at`: lifecycle rank, then the event key (deterministic). */
  tiebreak: string;
  received_at: Date;
  signature_scheme: 'v2' | 'raw' | 'simple' | null;
  raw_body: Buffer;
  /**
   * The body as jsonb when it is not `raw_body`'s text (a byte-order mark, `\u0000`, a failed event, events
   * from before 2026-12-07); null when it is — read it with `storedPayload`, never this column alone.
   */
  payload: unknown | null;
  /** Where the trusted decision sits in `payload`: the body itself, under `decision`, or none. */
  decision_at: 'root' | 'decision' | null;
  has_metadata: ColumnType<boolean, boolean | undefined, boolean>;
  session_kind: 'user' | 'business' | null;
  session_number: number | null;
  workflow_id: string | null;
  workflow_version: number | null;
  vendor_data: string | null;
  shared_from_session: string | null;
  didit_created_at: Date | null;
  apply_state: ApplyState;
  apply_error: string | null;
  /**
   * What `sessions` shows of this event's decision (`deriveSessionColumns`, computed when it was stored); null
   * for an event without one. The fold copies them from the session's decision event.
   */
  decision_full_name: ColumnType<string | null, string | null | undefined, string | null>;
  decision_document_number: ColumnType<string | null, string | null | undefined, string | null>;
  decision_warning_errors: ColumnType<number | null, number | null | undefined, number | null>;
  decision_warning_warnings: ColumnType<number | null, number | null | undefined, number | null>;
  decision_warning_information: ColumnType<number | null, number | null | undefined, number | null>;
  decision_aml_hits: ColumnType<number | null, number | null | undefined, number | null>;
  decision_aml_unreviewed_hits: ColumnType<number | null, number | null | undefined, number | null>;
  /** The decision's part of the session's `search_text`, before `lower`. */
  decision_search: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SessionsTable {
  session_id: string;
  session_number: number | null;
  session_kind: 'user' | 'business';
  status: string | null;
  status_key: GeneratedAlways<string | null>;
  workflow_id: string | null;
  workflow_version: number | null;
  vendor_data: string | null;
  shared_from_session: string | null;
  imported: GeneratedAlways<boolean>;
  /**
   * The event whose payload holds the session's decision (`decision_at` says where): the event log keeps the
   * only copy (`sessionDecision` reads it). Null with no decision.
   */
  decision_event_id: number | null;
  /** The event whose payload holds the session's `metadata` (`sessionMetadata`); null with none. */
  metadata_event_id: number | null;
  /** decision_event_id is not null. */
  has_decision: GeneratedAlways<boolean>;
  // From the decision event's `decision_*` columns (written with the decision; see session-columns.ts).
  full_name: ColumnType<string | null, string | null | undefined, string | null>;
  document_number: ColumnType<string | null, string | null | undefined, string | null>;
  warning_errors: Generated<number>;
  warning_warnings: Generated<number>;
  warning_information: Generated<number>;
  aml_hits: Generated<number>;
  aml_unreviewed_hits: Generated<number>;
  decision_search: ColumnType<string | null, string | null | undefined, string | null>;
  last_event_at: Date;
  last_event_tiebreak: string;
  didit_created_at: Date | null;
  created_at: Date;
  updated_at: Date;
  /** coalesce(didit_created_at, created_at): the queue's order. */
  sort_at: GeneratedAlways<Date>;
  /** lower(vendor_data and the decision's `decision_search`, separated by U+001F); not the session id. */
  search_text: ColumnType<string, string | undefined, string>;
  reconciled_at: Date | null;
}

export interface SessionStatusHistoryView {
  session_id: string;
  status: string | null;
  at: Date;
  source: EventSource;
  event_id: string | null;
  event_row_id: number;
  tiebreak: string;
}

export interface SessionsTables {
  webhook_events: WebhookEventsTable;
  sessions: SessionsTable;
  session_status_history: SessionStatusHistoryView;
}
