/**
 * The console's roles and who may call which route: one table that the API enforces (`api/src/authz`) and
 * the web reads to hide what a role may not do. Nothing else lists roles or routes' permissions.
 */

export const ROLES = ['admin', 'reviewer', 'partner_manager', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The roles that see personal data in full (the API's `authz/personal-data.ts` explains the others' view);
 * they alone may fetch ID images.
 */
export const FULL_PERSONAL_DATA_ROLES = ['reviewer', 'admin'] as const satisfies readonly Role[];

/**
 * Who may call what. Every route the app serves must have a line here: the authorize middleware denies
 * anything it cannot find, and `api/src/authz/authz.test.ts` walks the app's route table against this one.
 *
 * - `public`: no sign-in (health probes, the signed webhook, login).
 * - `signed_in`: any signed-in user, including one who still has to enrol a second factor.
 * - a role list: a signed-in user holding at least one of them (and done with enrolment).
 */
export type Rule = 'public' | 'signed_in' | readonly Role[];

const ANY_ROLE = ['admin', 'reviewer', 'partner_manager', 'auditor'] as const satisfies readonly Role[];

export const PERMISSIONS: Record<string, Rule> = {
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'POST /webhooks/didit': 'public',
  // Checks its own bearer token (METRICS_TOKEN); a scraper has no console sign-in.
  'GET /metrics': 'public',
  'GET /api/openapi.json': ANY_ROLE,

  // Sign-in (auth feature). Login is guarded by throttling and a cross-site check instead of a session.
  'POST /api/auth/login': 'public',
  'GET /api/auth/config': 'public',
  'GET /api/auth/oidc/start': 'public',
  'GET /api/auth/oidc/callback': 'public',
  'POST /api/auth/logout': 'signed_in',
  'GET /api/auth/me': 'signed_in',
  'PUT /api/auth/me/locale': 'signed_in',
  'POST /api/auth/totp/enroll': 'signed_in',
  'POST /api/auth/totp/confirm': 'signed_in',

  // Accounts (admins only).
  'GET /api/users': ['admin'],
  'POST /api/users': ['admin'],
  'PATCH /api/users/:id': ['admin'],
  'POST /api/users/:id/reset-totp': ['admin'],
  'POST /api/users/:id/reset-password': ['admin'],

  // The queue and the case view (decision sync); refresh re-fetches from Didit.
  'GET /api/sessions': ANY_ROLE,
  'GET /api/sessions/:id': ANY_ROLE,
  'POST /api/sessions/:id/refresh': ['reviewer', 'admin'],
  'GET /api/meta': ANY_ROLE,

  // People and businesses (Didit's User/Business entities): every role reads; reviewers flag or block.
  'GET /api/entities/:kind/:vendor_data': ANY_ROLE,
  'POST /api/entities/:kind/:vendor_data/status': ['reviewer', 'admin'],

  // Case records (records feature): the case report for the roles that review or audit cases; legal holds
  // and erasure are admin actions (auditors are read-only, shared/contract.md).
  'GET /api/sessions/:id/report.pdf': ['reviewer', 'auditor', 'admin'],
  'GET /api/sessions/:id/retention': ANY_ROLE,
  'POST /api/sessions/:id/legal-hold': ['admin'],
  'POST /api/sessions/:id/legal-hold/release': ['admin'],
  'POST /api/sessions/:id/erase': ['admin'],

  // Sync with Didit: admins run the backfill; auditors may read what drifted or failed.
  'GET /api/sync/backfill': ['admin'],
  'POST /api/sync/backfill': ['admin'],
  'DELETE /api/sync/backfill': ['admin'],
  'GET /api/sync/drifts': ['admin', 'auditor'],
  'GET /api/sync/failed-events': ['admin', 'auditor'],
  'POST /api/sync/failed-events/:id/reapply': ['admin'],

  // Reviewing a case (review feature). Reads for every role; deciding is the reviewers'.
  'POST /api/sessions/:id/claim': ['reviewer', 'admin'],
  'DELETE /api/sessions/:id/claim': ['reviewer', 'admin'],
  'POST /api/sessions/:id/status': ['reviewer'],
  'GET /api/sessions/:id/review': ANY_ROLE,
  'GET /api/sessions/:id/notes': ANY_ROLE,
  'POST /api/sessions/:id/notes': ['reviewer', 'admin'],
  'PATCH /api/sessions/:id/aml-hits/:hitId': ['reviewer'],
  // ID images: the people who decide cases (api/src/authz/personal-data.ts explains who sees what).
  'GET /api/sessions/:id/media': FULL_PERSONAL_DATA_ROLES,
  'GET /api/sessions/:id/media/:key': FULL_PERSONAL_DATA_ROLES,
  'GET /api/sessions/:id/documents/:key': FULL_PERSONAL_DATA_ROLES,
  'POST /api/sessions/:id/aml-hits/false-positive': ['reviewer'],
  'GET /api/sessions/:id/aml-dispositions': ANY_ROLE,
  'POST /api/sessions/:id/aml-dispositions/undo': ['reviewer'],
  'GET /api/review/reason-codes': ANY_ROLE,
  // Assignment and flow: next case takes a case to decide (deciders only); team leads (admins) and
  // reviewers put cases on a reviewer's desk.
  'POST /api/review/next': ['reviewer'],
  'PUT /api/sessions/:id/assignment': ['reviewer', 'admin'],
  'DELETE /api/sessions/:id/assignment': ['reviewer', 'admin'],
  'GET /api/review/reviewers': ['reviewer', 'admin'],
  // Queue health (dashboard feature): the people who run or check the review day. Partner managers share
  // and import; reviewers' throughput by name is not theirs to see.
  'GET /api/dashboard': ['reviewer', 'admin', 'auditor'],
  // Saved queue views: every role that reads the queue keeps its own, and may share them.
  'GET /api/views': ANY_ROLE,
  'POST /api/views': ANY_ROLE,
  'DELETE /api/views/:id': ANY_ROLE,
  // Bulk actions on selected In Review cases: each case goes through its single-case rules.
  'POST /api/review/bulk/assign': ['reviewer', 'admin'],
  'POST /api/review/bulk/request-resubmission': ['reviewer'],
  'POST /api/review/bulk/dismiss-aml-hits': ['reviewer'],
  'GET /api/review/pending': ['reviewer', 'admin', 'auditor'],
  'POST /api/review/pending/:id/confirm': ['reviewer'],
  'POST /api/review/pending/:id/reject': ['reviewer'],
  // The requester's side of four-eyes: withdraw their own staged decision, see the outcome of theirs, and
  // the second reviewer's "awaiting my confirmation" view.
  'POST /api/review/pending/:id/withdraw': ['reviewer'],
  'GET /api/review/mine': ['reviewer'],
  'GET /api/review/awaiting-me': ['reviewer'],

  // Reusable KYC (sharing feature): partner managers share and import; auditors read the ledgers.
  'GET /api/partners': ['partner_manager', 'admin', 'auditor'],
  'POST /api/partners': ['partner_manager', 'admin'],
  'PATCH /api/partners/:id': ['partner_manager', 'admin'],
  'POST /api/sessions/:id/share': ['partner_manager'],
  'GET /api/shares': ['partner_manager', 'auditor', 'admin'],
  'POST /api/shares/batch': ['partner_manager'],
  'GET /api/shares/batch/:id': ['partner_manager'],
  'GET /api/shares/batch/:id/tokens.csv': ['partner_manager'],
  'GET /api/imports': ANY_ROLE,
  'POST /api/imports/preview': ['reviewer', 'partner_manager'],
  'POST /api/imports': ['reviewer', 'partner_manager'],

  // The tamper-evident audit log (read-only roles).
  'GET /api/audit': ['auditor', 'admin'],
  'GET /api/audit/verify': ['auditor', 'admin'],
  'GET /api/audit/export': ['auditor', 'admin'],
};

export function ruleKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path}`;
}
