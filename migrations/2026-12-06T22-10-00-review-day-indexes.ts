import { type Kysely, sql } from 'kysely';

/** Indexes for the reviewer's day (issue 12): the requester's four-eyes outcomes, last sign-in, audit filters. */
export async function up(db: Kysely<any>): Promise<void> {
  // GET /api/review/mine: a requester's decisions, latest first.
  await sql`create index review_decisions_requester_idx on review_decisions (requested_by, requested_at desc, id desc)`.execute(
    db,
  );
  // GET /api/users: last_login_at = the newest login session of each account.
  await sql`create index login_sessions_user_created_idx on login_sessions (user_id, created_at desc)`.execute(
    db,
  );
  // GET /api/audit?session_id=<prefix>: the short session ids the audit table shows (a LIKE 'prefix%').
  await sql`create index audit_log_session_prefix_idx on audit_log (session_id text_pattern_ops) where session_id is not null`.execute(
    db,
  );
  // GET /api/audit?action=<prefix>: e.g. `review.` for every review action.
  await sql`create index audit_log_action_prefix_idx on audit_log (action text_pattern_ops)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists audit_log_action_prefix_idx`.execute(db);
  await sql`drop index if exists audit_log_session_prefix_idx`.execute(db);
  await sql`drop index if exists login_sessions_user_created_idx`.execute(db);
  await sql`drop index if exists review_decisions_requester_idx`.execute(db);
}
