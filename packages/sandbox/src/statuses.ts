import {
  type FeatureStatus,
  KYC_SESSION_STATUSES,
  type KycSessionStatus,
  SHAREABLE_STATUSES as SHAREABLE,
  STATUSES_WITH_DECISION,
  statusKey,
  UNFINISHED_STATUSES as UNFINISHED,
  UPDATABLE_STATUSES as UPDATABLE,
  UPDATE_STATUS_VALUES,
} from '@console/didit/statuses';

/** Didit's session statuses (docs/didit.md §5): KYC Title Case on the wire, KYB UPPER_SNAKE. */
export const SESSION_STATUSES = KYC_SESSION_STATUSES;
export type SessionStatus = KycSessionStatus;

export type SessionKind = 'user' | 'business';

const BY_KEY = new Map<string, SessionStatus>(SESSION_STATUSES.map((s) => [statusKey(s), s]));

/** Either casing → the canonical (KYC) status, or undefined for an unknown string. */
export function parseStatus(s: string): SessionStatus | undefined {
  return BY_KEY.get(statusKey(s));
}

/**
 * How KYB session statuses are spelled on the wire. The seed (002) and the KYB statuses page say UPPER_SNAKE;
 * newer translated pages of https://docs.didit.me/business-verification/statuses and the response-schema
 * example say Title Case, "the same strings webhooks deliver" (docs/didit.md §5.4, §10). The sandbox keeps the
 * seed's casing unless told otherwise, so the console is exercised against both.
 */
export const KYB_STATUS_CASINGS = ['upper_snake', 'title'] as const;
export type KybStatusCasing = (typeof KYB_STATUS_CASINGS)[number];

/** The string a session carries on the wire: KYC always Title Case, KYB in its application's casing. */
export function wireStatus(
  of: SessionKind | { kind: SessionKind; app: { kybStatusCasing?: KybStatusCasing } },
  s: SessionStatus,
): string {
  const kind = typeof of === 'string' ? of : of.kind;
  const casing = typeof of === 'string' ? 'upper_snake' : (of.app.kybStatusCasing ?? 'upper_snake');
  return kind === 'business' && casing === 'upper_snake' ? statusKey(s) : s;
}

/** A `reviews[]` entry for a status change made through the API (update-status, reviews), from the current status. */
export function apiClientReview(
  rec: Parameters<typeof wireStatus>[0] & { status: SessionStatus },
  next: SessionStatus,
  comment: string | null,
  at: Date,
) {
  return {
    user: 'API Client',
    new_status: wireStatus(rec, next),
    previous_status: wireStatus(rec, rec.status),
    comment,
    created_at: at.toISOString(),
  };
}

/** Statuses whose webhooks carry `decision` [S0]. */
export const DECISION_STATUSES: ReadonlySet<SessionStatus> = new Set(STATUSES_WITH_DECISION);
/** Statuses a share token can be minted from [S2]. */
export const SHAREABLE_STATUSES: ReadonlySet<SessionStatus> = new Set(SHAREABLE);
/** Unfinished: create-session with the same vendor_data returns the existing session [S0]. */
export const UNFINISHED_STATUSES: ReadonlySet<SessionStatus> = new Set(UNFINISHED);
/** update-status is allowed only from these (docs/didit.md §2.4). */
export const UPDATABLE_STATUSES: ReadonlySet<SessionStatus> = new Set(UPDATABLE);
export const MANUAL_TARGETS = UPDATE_STATUS_VALUES;

export const SCENARIOS = [
  'approve',
  'decline',
  'review',
  'review_aml_hit',
  'decline_aml_hit',
  'abandon',
] as const;
export type Scenario = (typeof SCENARIOS)[number];

export const SCENARIO_STATUS = {
  approve: 'Approved',
  decline: 'Declined',
  review: 'In Review',
  review_aml_hit: 'In Review',
  decline_aml_hit: 'Declined',
  abandon: 'Abandoned',
} as const satisfies Record<Scenario, SessionStatus>;

export function isScenario(s: unknown): s is Scenario {
  return typeof s === 'string' && (SCENARIOS as readonly string[]).includes(s);
}

export type { FeatureStatus };
