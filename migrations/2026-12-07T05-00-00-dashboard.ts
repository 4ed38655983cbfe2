import { type Kysely, sql } from 'kysely';

/**
 * The dashboard (issue 12, "Queue health at a glance"): every figure is an index-only or bounded range scan,
 * so it stays fast at a million sessions without a full-table count.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // GET /api/dashboard open cases by status: counts the unfinished statuses (both casings via status_key) and
  // kinds from this small index alone; finished sessions (most of the table) are not in it.
  await sql`
    create index sessions_open_status_idx on sessions (status_key, session_kind)
    where status_key in ('NOT_STARTED', 'IN_PROGRESS', 'IN_REVIEW', 'RESUBMITTED', 'AWAITING_USER')`.execute(
    db,
  );
  // GET /api/dashboard In Review age buckets: In Review cases by created time (the queue's sort_at).
  await sql`create index sessions_in_review_age_idx on sessions (sort_at) where status_key = 'IN_REVIEW'`.execute(
    db,
  );
  // GET /api/dashboard decisions per day and throughput per reviewer: decisions Didit accepted in a day range.
  await sql`
    create index review_decisions_answered_idx on review_decisions (answered_at)
    include (new_status, requested_by, confirmed_by) where state = 'sent'`.execute(db);
  // GET /api/dashboard AML dispositions: dispositions made in a day range, by outcome.
  await sql`
    create index aml_dispositions_created_idx on aml_dispositions (created_at)
    include (new_status, undoes_action)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists aml_dispositions_created_idx`.execute(db);
  await sql`drop index if exists review_decisions_answered_idx`.execute(db);
  await sql`drop index if exists sessions_in_review_age_idx`.execute(db);
  await sql`drop index if exists sessions_open_status_idx`.execute(db);
}
