import { type Kysely, sql } from 'kysely';

/**
 * The queue sorts by the columns a reviewer sorts by (issue 12): session number, subject, status and findings,
 * next to `created` and `last_event`. Each sort is a keyset on (its key…, session_id) in one direction
 * (api/src/sessions/queue-sort.sql.ts), so it needs one index for the unfiltered queue and one led by
 * status_key for the tabs; either serves both directions. Plain columns and an expression over them only:
 * nothing here relies on the derived columns being generated.
 *
 * - status: (status_key, sort_at, session_id) is sessions_status_order_idx already; no new index.
 * - number: (session_number, session_id) also serves `?q=<number>`, so it replaces sessions_number_idx.
 */
const SUBJECT_KEY = `(left(console_fold(full_name), 32) collate "C")`;

export async function up(db: Kysely<any>): Promise<void> {
  // GET /api/sessions?sort=number (and ?q= a session number); per tab.
  await sql`create index sessions_number_order_idx on sessions (session_number, session_id)`.execute(db);
  await sql`
    create index sessions_status_number_idx on sessions (status_key, session_number, session_id)`.execute(db);
  await sql`drop index if exists sessions_number_idx`.execute(db);
  // GET /api/sessions?sort=subject: the folded name's first 32 characters, byte-wise (queue-sort.sql.ts
  // SUBJECT_KEY, which must stay this expression); per tab.
  await sql`
    create index sessions_subject_order_idx on sessions (${sql.raw(SUBJECT_KEY)}, session_id)`.execute(db);
  await sql`
    create index sessions_status_subject_idx on sessions (status_key, ${sql.raw(SUBJECT_KEY)}, session_id)`.execute(
    db,
  );
  // GET /api/sessions?sort=findings: open AML hits, errors, warnings, then age; per tab.
  await sql`
    create index sessions_findings_order_idx
    on sessions (aml_unreviewed_hits, warning_errors, warning_warnings, sort_at, session_id)`.execute(db);
  await sql`
    create index sessions_status_findings_idx
    on sessions (status_key, aml_unreviewed_hits, warning_errors, warning_warnings, sort_at, session_id)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists sessions_status_findings_idx`.execute(db);
  await sql`drop index if exists sessions_findings_order_idx`.execute(db);
  await sql`drop index if exists sessions_status_subject_idx`.execute(db);
  await sql`drop index if exists sessions_subject_order_idx`.execute(db);
  await sql`create index if not exists sessions_number_idx on sessions (session_number)`.execute(db);
  await sql`drop index if exists sessions_status_number_idx`.execute(db);
  await sql`drop index if exists sessions_number_order_idx`.execute(db);
}
