/** Didit's session statuses (docs/didit.md §5): KYC Title Case on the wire, KYB UPPER_SNAKE. */
export const SESSION_STATUSES = [
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
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export type SessionKind = 'user' | 'business';

const BY_KEY = new Map<string, SessionStatus>(SESSION_STATUSES.map((s) => [statusKey(s), s]));

/** `In Review`, `IN_REVIEW`, `in review` → `IN_REVIEW`: how statuses are compared across kinds. */
function statusKey(s: string): string {
  return s
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');
}

/** Either casing → the canonical (KYC) status, or undefined for an unknown string. */
export function parseStatus(s: string): SessionStatus | undefined {
  return BY_KEY.get(statusKey(s));
}

/**
 * How KYB session statuses are spelled on the wire. The seed (002) and the KYB statuses page say UPPER_SNAKE;
 * newer translated pages of https://docs.didit.me/business-verification/statuses and the response-schema
 * example say Title Case, "the same strings webhooks deliver" (didit-v3.md §5.4, §10). The sandbox keeps the
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

/** Statuses whose webhooks carry `decision` [S0]. */
export const DECISION_STATUSES: ReadonlySet<SessionStatus> = new Set([
  'Approved',
  'Declined',
  'In Review',
  'Abandoned',
]);
/** Statuses a share token can be minted from [S2]. */
export const SHAREABLE_STATUSES: ReadonlySet<SessionStatus> = new Set(['Approved', 'Declined', 'In Review']);
/** Unfinished: create-session with the same vendor_data returns the existing session [S0]. */
export const UNFINISHED_STATUSES: ReadonlySet<SessionStatus> = new Set([
  'Not Started',
  'In Progress',
  'Resubmitted',
  'Awaiting User',
]);
/** update-status is allowed only from these (docs/didit.md §2.4). */
export const UPDATABLE_STATUSES: ReadonlySet<SessionStatus> = new Set([
  'Approved',
  'Declined',
  'In Review',
  'Kyc Expired',
  'Abandoned',
  'Resubmitted',
]);
export const MANUAL_TARGETS = ['Approved', 'Declined', 'Resubmitted'] as const;

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

/** Feature-level statuses (docs/didit.md §4.2); Title Case for both kinds (KYB response schema writes them so). */
export type FeatureStatus =
  | 'Approved'
  | 'Declined'
  | 'In Review'
  | 'Not Finished'
  | 'Expired'
  | 'Resub Requested';
