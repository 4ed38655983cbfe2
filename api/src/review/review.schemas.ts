import { AML_REVIEW_STATUSES } from '@console/didit/types';
import { z } from '@hono/zod-openapi';
import { FOUR_EYES_RULES } from '../platform/config.ts';
import { DECISION_STATUSES } from './decision-rules.ts';
import { DECISION_STATES } from './decisions.repository.ts';

/** Didit's `session_id`; an unknown one is a 404 from the service. */
export const SessionParam = z.object({ id: z.string().min(1).max(100) });

const Person = z.object({ id: z.string(), name: z.string() });

export const Claim = z
  .object({
    session_id: z.string(),
    holder: Person,
    claimed_at: z.string(),
    expires_at: z.string(),
  })
  .openapi('ReviewClaim');

const ResubmitNode = z.object({
  node_id: z.string().trim().min(1).max(200),
  feature: z.string().trim().min(1).max(100),
});

export const Decision = z
  .object({
    id: z.string(),
    session_id: z.string(),
    new_status: z.enum(DECISION_STATUSES),
    comment: z.string(),
    reason_codes: z.array(z.string()),
    nodes_to_resubmit: z.array(z.object({ node_id: z.string(), feature: z.string() })).nullable(),
    previous_status: z.string().nullable(),
    state: z.enum(DECISION_STATES),
    four_eyes_rules: z.array(z.enum(FOUR_EYES_RULES)),
    requested_by: Person,
    requested_at: z.string(),
    confirmed_by: Person.nullable(),
    confirmed_at: z.string().nullable(),
    rejected_by: Person.nullable(),
    rejected_at: z.string().nullable(),
    reject_comment: z.string().nullable(),
    didit: z
      .object({
        answered_at: z.string(),
        http_status: z.number().nullable(),
        error_code: z.string().nullable(),
        error_detail: z.string().nullable(),
      })
      .nullable(),
  })
  .openapi('ReviewDecision');

export const Note = z
  .object({
    id: z.string(),
    session_id: z.string(),
    author: Person,
    body: z.string(),
    created_at: z.string(),
  })
  .openapi('ReviewNote');

export const Comment = z.string().trim().min(3).max(2000);

export const DecisionBody = z.object({
  new_status: z.enum(DECISION_STATUSES),
  comment: Comment,
  reason_codes: z.array(z.string().min(1).max(100)).max(20).default([]),
  nodes_to_resubmit: z.array(ResubmitNode).max(50).optional(),
});

export const NoteBody = z.object({ body: z.string().trim().min(1).max(5000) });

export const AmlBody = z.object({
  review_status: z.enum(AML_REVIEW_STATUSES),
  node_id: z.string().trim().min(1).max(200).optional(),
  comment: Comment,
});

export const AmlDisposition = z.object({
  hit: z.object({
    id: z.string(),
    node_id: z.string().nullable(),
    review_status: z.enum(AML_REVIEW_STATUSES),
  }),
  previous_review_status: z.string().nullable(),
  aml_unreviewed_hits: z.number(),
  refreshed: z.boolean(),
});

export const AmlDowngradeStaged = z.object({
  staged: z.object({
    hit_id: z.string(),
    review_status: z.enum(AML_REVIEW_STATUSES),
    requested_by: z.string(),
    requested_at: z.string(),
  }),
});

export const MediaItem = z.object({
  key: z.string(),
  label: z.string(),
  node_id: z.string().nullable(),
  feature: z.string(),
});

export const CaseReview = z.object({
  claim: Claim.nullable(),
  /** Whose desk the case is on (does not lapse, unlike the claim). */
  assignment: z.object({ id: z.string(), name: z.string(), assigned_at: z.string() }).nullable(),
  notes: z.array(Note),
  pending: Decision.nullable(),
  decisions: z.array(Decision),
});

const ReasonCodeList = z.array(z.object({ code: z.string(), label: z.string() }));
export const ReasonCodes = z.object({
  reason_codes: z.object({ Approved: ReasonCodeList, Declined: ReasonCodeList, Resubmitted: ReasonCodeList }),
});
