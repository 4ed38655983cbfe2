import type { FourEyesRule } from '../platform/config.ts';
import type { DecisionStatus, ResubmitNode } from './decision-rules.ts';
import type { DecisionRow, DecisionState } from './decisions.repository.ts';

/** A reviewer's decision as the API shows it (the same shape for staged, sent, failed and rejected). */
export interface DecisionView {
  id: string;
  session_id: string;
  new_status: DecisionStatus;
  comment: string;
  reason_codes: string[];
  nodes_to_resubmit: ResubmitNode[] | null;
  /** The session's status when the decision was requested. */
  previous_status: string | null;
  state: DecisionState;
  /** Four-eyes rules that applied; non-empty means a second reviewer had to confirm. */
  four_eyes_rules: FourEyesRule[];
  requested_by: { id: string; name: string };
  requested_at: string;
  confirmed_by: { id: string; name: string } | null;
  confirmed_at: string | null;
  rejected_by: { id: string; name: string } | null;
  rejected_at: string | null;
  reject_comment: string | null;
  /** What Didit answered; null while staged or in flight. */
  didit: {
    answered_at: string;
    http_status: number | null;
    error_code: string | null;
    error_detail: string | null;
  } | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const person = (id: string | null, name: string | null) => (id ? { id, name: name ?? '' } : null);

export function toDecisionView(r: DecisionRow): DecisionView {
  return {
    id: r.id,
    session_id: r.session_id,
    new_status: r.new_status as DecisionStatus,
    comment: r.comment,
    reason_codes: r.reason_codes,
    nodes_to_resubmit: (r.nodes_to_resubmit as ResubmitNode[] | null) ?? null,
    previous_status: r.previous_status,
    state: r.state as DecisionState,
    four_eyes_rules: r.four_eyes_rules as FourEyesRule[],
    requested_by: { id: r.requested_by, name: r.requested_by_name },
    requested_at: r.requested_at.toISOString(),
    confirmed_by: person(r.confirmed_by, r.confirmed_by_name),
    confirmed_at: iso(r.confirmed_at),
    rejected_by: person(r.rejected_by, r.rejected_by_name),
    rejected_at: iso(r.rejected_at),
    reject_comment: r.reject_comment,
    didit: r.answered_at
      ? {
          answered_at: r.answered_at.toISOString(),
          http_status: r.didit_http_status,
          error_code: r.error_code,
          error_detail: r.error_detail,
        }
      : null,
  };
}
