// Didit v3 wire types (shared/didit-v3.md). Field names are Didit's, snake_case. Where Didit documents a
// shape only partially, the type says what we rely on and leaves the rest `unknown`.

/** KYC session statuses: exactly these ten, Title Case, case-sensitive (docs/didit.md §5.1). */
export const KYC_SESSION_STATUSES = [
  'Not Started',
  'In Progress',
  'In Review',
  'Approved',
  'Declined',
  'Resubmitted',
  'Awaiting User',
  'Abandoned',
  'Expired',
  'Kyc Expired',
] as const;
export type KycSessionStatus = (typeof KYC_SESSION_STATUSES)[number];

/** KYB session statuses as UPPER_SNAKE (docs/didit.md §5.4); which casing KYB really emits is unconfirmed: store raw. */
export const KYB_SESSION_STATUSES = [
  'NOT_STARTED',
  'IN_PROGRESS',
  'AWAITING_USER',
  'APPROVED',
  'DECLINED',
  'IN_REVIEW',
  'RESUBMITTED',
  'ABANDONED',
  'EXPIRED',
  'KYC_EXPIRED',
] as const;
export type KybSessionStatus = (typeof KYB_SESSION_STATUSES)[number];

export const SESSION_KINDS = ['user', 'business'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

/** What `update-status` accepts as `new_status` (docs/didit.md §2.4). */
export const UPDATE_STATUS_VALUES = ['Approved', 'Declined', 'Resubmitted'] as const;
export type UpdateStatusValue = (typeof UPDATE_STATUS_VALUES)[number];

export const AML_REVIEW_STATUSES = [
  'Unreviewed',
  'Confirmed Match',
  'False Positive',
  'Inconclusive',
] as const;
export type AmlReviewStatus = (typeof AML_REVIEW_STATUSES)[number];

export const WEBHOOK_EVENTS = [
  'status.updated',
  'data.updated',
  'user.status.updated',
  'user.data.updated',
  'business.status.updated',
  'business.data.updated',
  'activity.created',
  'transaction.created',
  'transaction.status.updated',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** Every plural per-feature array a decision may carry (docs/didit.md §4.1), both spellings where sources conflict. */
export const DECISION_ARRAY_KEYS = [
  'id_verifications',
  'nfc_verifications',
  'liveness_checks',
  'face_matches',
  'poa_verifications',
  'proof_of_address',
  'phone_verifications',
  'email_verifications',
  'aml_screenings',
  'ip_analyses',
  'database_validations',
  'questionnaire_responses',
  'questionnaires',
  'document_ai_documents',
  'signatures',
  'registry_checks',
  'key_people_checks',
  'document_verifications',
] as const;
export type DecisionArrayKey = (typeof DECISION_ARRAY_KEYS)[number];

export interface CreateSessionBody {
  workflow_id: string;
  callback?: string;
  callback_method?: 'initiator' | 'completer' | 'both';
  vendor_data?: string;
  metadata?: Record<string, unknown>;
  language?: string;
  contact_details?: {
    email?: string;
    email_lang?: string;
    send_notification_emails?: boolean;
    phone?: string;
  };
  expected_details?: Record<string, unknown> & { expected_document_types?: string[] };
  portrait_image?: string;
  /** Sandbox applications only: e.g. `approve`, `review_aml_hit`. */
  sandbox_scenario?: string;
  vendor_business_id?: string;
}

export interface CreateSessionResponse {
  session_id: string;
  session_number?: number;
  session_token?: string;
  /** The hosted verification link (field is `url`, not `verification_url`). */
  url?: string;
  vendor_data?: string | null;
  metadata?: Record<string, unknown> | null;
  status: string;
  workflow_id?: string;
  workflow_version?: number;
  callback?: string | null;
  session_kind?: SessionKind;
  [key: string]: unknown;
}

/** GET /v3/session/{id}/decision/. Arrays are kept exactly as Didit sent them; `null` until a feature ran. */
export type Decision = {
  session_id: string;
  session_kind?: SessionKind;
  session_number?: number | null;
  session_url?: string | null;
  status: string;
  environment?: string;
  workflow_id?: string;
  features?: unknown[];
  vendor_data?: string | null;
  metadata?: Record<string, unknown> | null;
  expected_details?: Record<string, unknown> | null;
  contact_details?: Record<string, unknown> | null;
  callback?: string | null;
  reviews?: unknown[] | null;
  status_override?: { overridden_at: string; automatic_status: string } | null;
  shared_from_session?: string | null;
  created_at?: string;
  expires_at?: string | null;
} & { [K in DecisionArrayKey]?: unknown[] | null } & Record<string, unknown>;

export interface ListSessionsParams {
  session_kind?: SessionKind | 'all';
  limit?: number;
  offset?: number;
  vendor_data?: string;
  status?: string;
  workflow_id?: string;
  country?: string;
  /** ISO 8601 created-date window. */
  date_from?: string;
  date_to?: string;
  search?: string;
}

/** A list row: KYC rows carry names and document type, KYB rows company fields; no per-feature arrays. */
export interface ListSessionRow {
  session_id: string;
  session_kind?: SessionKind;
  session_number?: number;
  status: string;
  vendor_data?: string | null;
  created_at?: string;
  [key: string]: unknown;
}

export interface ListSessionsResponse {
  count: number;
  next: string | null;
  previous: string | null;
  results: ListSessionRow[];
}

export interface UpdateStatusBody {
  new_status: UpdateStatusValue;
  comment?: string;
  send_email?: boolean;
  email_address?: string;
  email_language?: string;
  nodes_to_resubmit?: { node_id: string; feature: string }[];
}

export interface ShareSessionBody {
  for_application_id: string;
  /** 60 to 86,400; Didit's default is 3,600. */
  ttl_in_seconds?: number;
}

export interface ShareResponse {
  /** HS256 JWT: a bearer secret. Never log it; the console keeps only its SHA-256. */
  share_token: string;
  for_application_id: string;
  session_kind: SessionKind;
}

export interface ImportSharedBody {
  share_token: string;
  trust_review: boolean;
  workflow_id: string;
  vendor_data?: string;
}

/**
 * Import answers in one of two documented shapes (docs/didit.md §2.9 CONFLICT): the seed's full clone (plural arrays,
 * `session_kind`, `shared_from_session`) or the docs' compact record (`session_url`, `workflow_id`,
 * `created_at`, `expires_at`). The fields below are read from either; `body` is what Didit sent. Fetch the
 * new session's decision for the canonical shape.
 */
export interface ImportSharedResponse {
  session_id: string;
  status: string;
  session_kind: SessionKind | null;
  session_number: number | null;
  shared_from_session: string | null;
  workflow_id: string | null;
  vendor_data: string | null;
  shape: 'full_clone' | 'compact';
  body: Record<string, unknown>;
}

export interface UpdateAmlHitStatusBody {
  hit_id: string;
  review_status: AmlReviewStatus;
  node_id?: string;
}

export interface UpdateAmlHitStatusResponse {
  message: string;
  hit_id: string;
  review_status: AmlReviewStatus;
}

export interface BulkUpdateAmlHitStatusBody {
  hit_updates: { hit_id: string; review_status: AmlReviewStatus }[];
  node_id?: string;
}

export interface BulkUpdateAmlHitStatusResponse {
  message: string;
  updated_hits: { hit_id: string; review_status: AmlReviewStatus }[];
}

export interface WebhookDestination {
  uuid: string;
  label: string;
  url: string;
  enabled: boolean;
  webhook_version: string;
  /** The HMAC secret for every signature scheme: store it encrypted or in config, never log it. */
  secret_shared_key?: string;
  subscribed_events: string[];
  created_at?: string;
  updated_at?: string;
  summary?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface CreateWebhookDestinationBody {
  label: string;
  url: string;
  enabled?: boolean;
  webhook_version?: 'v1' | 'v2' | 'v3';
  subscribed_events: WebhookEvent[] | string[];
}

export type UpdateWebhookDestinationBody = Partial<CreateWebhookDestinationBody>;

/** Bulk AML disposition (§2.10): all or nothing; the 200 body is not documented, so it is kept as sent. */
export interface BulkUpdateAmlHitStatusBody {
  hit_updates: { hit_id: string; review_status: AmlReviewStatus }[];
  node_id?: string;
}

/** POST /v3/sessions/{id}/reviews/ (§2.5): `In Review` is allowed here, unlike update-status. */
export const CREATE_REVIEW_STATUSES = ['Approved', 'Declined', 'In Review'] as const;
export interface CreateReviewBody {
  new_status: (typeof CREATE_REVIEW_STATUSES)[number];
  /** At most 10,000 characters; `@email` mentions are allowed. */
  comment?: string;
}
export interface SessionReview {
  user: string;
  new_status: string;
  comment: string | null;
  created_at: string;
  [key: string]: unknown;
}
/** One row of GET /v3/sessions/{id}/reviews/ (the session's activity feed). */
export interface SessionActivity {
  uuid: string;
  activity_type: string;
  actor_display?: string | null;
  actor_type?: string | null;
  new_status?: string | null;
  previous_status?: string | null;
  comment?: string | null;
  created_at: string;
  [key: string]: unknown;
}
export interface ListReviewsParams {
  limit?: number;
  offset?: number;
  ordering?: 'created_at' | '-created_at';
}
export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

/** GET /v3/session/{id}/generate-pdf/ (§2.7): the bytes and Didit's file name. */
export interface SessionPdf {
  bytes: Uint8Array;
  filename: string | null;
  contentType: string | null;
}

/**
 * Didit's User and Business entities (https://docs.didit.me/management-api/users/update-status): one per
 * `vendor_data`, with a status of their own, not a session status.
 */
export const ENTITY_STATUSES = ['ACTIVE', 'FLAGGED', 'BLOCKED'] as const;
export type EntityStatus = (typeof ENTITY_STATUSES)[number];
export const ENTITY_KINDS = ['user', 'business'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];
export interface UpdateEntityStatusBody {
  status: EntityStatus;
  /** At most 1,000 characters; recorded in Didit's activity only when the status changes; not in webhooks. */
  reason?: string;
}
/** A User or Business profile as Didit returns it; only `vendor_data` and `status` are relied on. */
export interface DiditEntity {
  vendor_data: string;
  status: EntityStatus;
  [key: string]: unknown;
}
