// Didit's session statuses, defined once for the console, the sandbox and the web (docs/didit.md §5).

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

/**
 * How statuses are compared across kinds and casings: KYC Title Case and KYB UPPER_SNAKE alike
 * (`In Review`, `IN_REVIEW`, ` in-review ` → `IN_REVIEW`; docs/didit.md §5.4). Null and undefined give ''.
 * The `status_key` column (migration 2026-11-22T04) stores `upper(replace(status, ' ', '_'))`, the same key
 * for every status Didit sends.
 */
export function statusKey(status: string | null | undefined): string {
  return (status ?? '')
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');
}

/** Whether `status` (either casing) is one of `keys`. */
export function hasStatusKey(keys: readonly string[], status: string | null | undefined): boolean {
  return keys.includes(statusKey(status));
}

/** Some of the ten KYC statuses, as a tuple: a misspelt or unknown one fails to compile. */
const kycStatuses = <const S extends readonly KycSessionStatus[]>(...statuses: S) => statuses;

/** What `update-status` accepts as `new_status`: a reviewer's decision (docs/didit.md §2.4). */
export const UPDATE_STATUS_VALUES = ['Approved', 'Declined', 'Resubmitted'] as const;
export type UpdateStatusValue = (typeof UPDATE_STATUS_VALUES)[number];

/**
 * Current statuses `update-status` accepts (docs/didit.md §2.4); `Not Started`, `In Progress`,
 * `Awaiting User`, `Expired` get a 400.
 */
export const UPDATABLE_STATUSES = kycStatuses(
  'Approved',
  'Declined',
  'In Review',
  'Kyc Expired',
  'Abandoned',
  'Resubmitted',
);
export const UPDATABLE_STATUS_KEYS = UPDATABLE_STATUSES.map(statusKey);

/** Statuses whose webhook carries a `decision` (docs/didit.md §3.6, §5.3). */
export const STATUSES_WITH_DECISION = kycStatuses('Approved', 'Declined', 'In Review', 'Abandoned');
export const STATUS_KEYS_WITH_DECISION = STATUSES_WITH_DECISION.map(statusKey);

/** Statuses Didit mints a share token from, in either casing (docs/didit.md §2.8, §5.3, §5.4). */
export const SHAREABLE_STATUSES = kycStatuses('Approved', 'Declined', 'In Review');
export const SHAREABLE_STATUS_KEYS = SHAREABLE_STATUSES.map(statusKey);

/** Unfinished: create-session with the same vendor_data returns the existing session (docs/didit.md §2.1). */
export const UNFINISHED_STATUSES = kycStatuses('Not Started', 'In Progress', 'Resubmitted', 'Awaiting User');

/** Feature-level statuses (docs/didit.md §4.2); Title Case for both kinds (KYB response schema writes them so). */
export type FeatureStatus =
  | 'Approved'
  | 'Declined'
  | 'In Review'
  | 'Not Finished'
  | 'Expired'
  | 'Resub Requested';
