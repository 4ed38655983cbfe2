import type { ColumnType, Generated } from 'kysely';

type Json = ColumnType<unknown, string | null, string | null>;

export interface SessionClaimsTable {
  session_id: string;
  user_id: string;
  claimed_at: Date;
  expires_at: Date;
}

/** Whose desk a case is on; does not lapse (claims do). */
export interface SessionAssignmentsTable {
  session_id: string;
  user_id: string;
  assigned_by: string;
  assigned_at: Date;
}

export interface ReviewNotesTable {
  id: Generated<string>;
  session_id: string;
  author_id: string;
  body: string;
  created_at: Date;
}

export interface ReviewDecisionsTable {
  id: Generated<string>;
  session_id: string;
  new_status: string;
  comment: string;
  reason_codes: string[];
  nodes_to_resubmit: Json;
  previous_status: string | null;
  four_eyes_rules: ColumnType<string[], string[] | undefined, string[]>;
  state: string;
  requested_by: string;
  requested_at: Date;
  request_id: string | null;
  confirmed_by: string | null;
  confirmed_at: Date | null;
  rejected_by: string | null;
  rejected_at: Date | null;
  reject_comment: string | null;
  answered_at: Date | null;
  didit_http_status: number | null;
  error_code: string | null;
  error_detail: string | null;
}

/** A confirmed AML hit's downgrade, waiting for a second reviewer to send the same disposition. */
export interface AmlHitDowngradesTable {
  session_id: string;
  hit_id: string;
  review_status: string;
  requested_by: string;
  requested_at: Date;
}

export interface AmlDispositionsTable {
  id: Generated<string>;
  action_id: string;
  session_id: string;
  hit_id: string;
  node_id: string | null;
  previous_status: string | null;
  new_status: string;
  comment: string;
  actor_id: string;
  created_at: Date;
  undoes_action: string | null;
}

export interface ReviewTables {
  aml_hit_downgrades: AmlHitDowngradesTable;
  session_claims: SessionClaimsTable;
  session_assignments: SessionAssignmentsTable;
  review_notes: ReviewNotesTable;
  review_decisions: ReviewDecisionsTable;
  aml_dispositions: AmlDispositionsTable;
}
