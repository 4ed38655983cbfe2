import { type Kysely, sql } from 'kysely';

/**
 * Reviewing a case: who holds it (claims), what reviewers wrote (notes, append-only) and what they decided
 * (review_decisions: staged for four-eyes, in flight to Didit, sent, failed, rejected).
 *
 * No foreign key to `sessions`: a claim or note is keyed by Didit's session id, and the sessions feature
 * may rebuild its table from the event log. Times are written by the application's clock.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table session_claims (
      session_id text primary key,
      user_id uuid not null references users (id) on delete cascade,
      claimed_at timestamptz not null,
      expires_at timestamptz not null,
      constraint session_claims_expiry_after_claim check (expires_at > claimed_at)
    )`.execute(db);
  // GET /api/sessions?assigned=me: the live claims of one reviewer.
  await sql`create index session_claims_user_idx on session_claims (user_id, expires_at)`.execute(db);

  await sql`
    create table review_notes (
      id uuid primary key default gen_random_uuid(),
      session_id text not null,
      author_id uuid not null references users (id),
      body text not null,
      created_at timestamptz not null,
      constraint review_notes_body_length check (char_length(body) between 1 and 5000)
    )`.execute(db);
  // GET /api/sessions/:id/notes and /review: a case's notes in order.
  await sql`create index review_notes_session_idx on review_notes (session_id, created_at, id)`.execute(db);
  await sql`
    create function review_notes_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'review_notes is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
    end
    $$`.execute(db);
  await sql`
    create trigger review_notes_no_update_delete before update or delete on review_notes
    for each row execute function review_notes_refuse_change()`.execute(db);

  await sql`
    create table review_decisions (
      id uuid primary key default gen_random_uuid(),
      session_id text not null,
      new_status text not null,
      comment text not null,
      reason_codes text[] not null default '{}',
      nodes_to_resubmit jsonb,
      previous_status text,
      four_eyes_rules text[] not null default '{}',
      state text not null,
      requested_by uuid not null references users (id),
      requested_at timestamptz not null,
      request_id text,
      confirmed_by uuid references users (id),
      confirmed_at timestamptz,
      rejected_by uuid references users (id),
      rejected_at timestamptz,
      reject_comment text,
      answered_at timestamptz,
      didit_http_status integer,
      error_code text,
      error_detail text,
      constraint review_decisions_new_status check (new_status in ('Approved', 'Declined', 'Resubmitted')),
      constraint review_decisions_state check (state in ('staged', 'sending', 'sent', 'failed', 'rejected')),
      constraint review_decisions_four_eyes_distinct check (confirmed_by is null or confirmed_by <> requested_by)
    )`.execute(db);
  // At most one decision per case waiting for a second reviewer or in flight to Didit: a double click or a
  // second reviewer racing the first gets a conflict, not two calls to Didit.
  await sql`
    create unique index review_decisions_open_key on review_decisions (session_id)
    where state in ('staged', 'sending')`.execute(db);
  // GET /api/sessions/:id/review: a case's decisions, newest first.
  await sql`create index review_decisions_session_idx on review_decisions (session_id, requested_at desc, id desc)`.execute(
    db,
  );
  // GET /api/review/pending: staged decisions, oldest first (keyset on requested_at, id).
  await sql`
    create index review_decisions_staged_idx on review_decisions (requested_at, id)
    where state = 'staged'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists review_decisions`.execute(db);
  await sql`drop table if exists review_notes`.execute(db);
  await sql`drop function if exists review_notes_refuse_change()`.execute(db);
  await sql`drop table if exists session_claims`.execute(db);
}
