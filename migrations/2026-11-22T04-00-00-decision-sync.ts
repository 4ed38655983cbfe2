import { type Kysely, sql } from 'kysely';

/**
 * Decision sync: the append-only event log, the sessions projection (its fold), the job queue, backfill
 * runs and reconciliation drifts.
 *
 * `sessions` derives everything the queue filters on from `decision` with generated columns, so the
 * incremental path (one upsert per event) and the bulk rebuild can never compute them differently.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table webhook_events (
      id bigserial primary key,
      event_key text not null,
      event_id text,
      source text not null,
      webhook_type text,
      session_id text,
      status text,
      status_key text generated always as (upper(replace(status, ' ', '_'))) stored,
      occurred_at timestamptz not null,
      tiebreak text collate "C" not null,
      received_at timestamptz not null,
      signature_scheme text,
      raw_body bytea not null,
      payload jsonb,
      decision_at text,
      has_metadata boolean not null default false,
      session_kind text,
      session_number bigint,
      workflow_id text,
      workflow_version integer,
      vendor_data text,
      shared_from_session text,
      didit_created_at timestamptz,
      apply_state text not null,
      apply_error text,
      constraint webhook_events_source_check
        check (source in ('webhook', 'refresh', 'backfill', 'reconcile', 'import', 'reviewer')),
      constraint webhook_events_scheme_check check (signature_scheme in ('v2', 'raw', 'simple')),
      constraint webhook_events_apply_state_check
        check (apply_state in ('applied', 'stale', 'failed', 'pending_fetch', 'ignored')),
      constraint webhook_events_decision_at_check check (decision_at in ('root', 'decision')),
      constraint webhook_events_kind_check check (session_kind in ('user', 'business'))
    )`.execute(db);
  // Intake idempotency: INSERT … ON CONFLICT (event_key) DO NOTHING.
  await sql`create unique index webhook_events_event_key_idx on webhook_events (event_key)`.execute(db);
  // Refold of one session, its status history, and the bulk rebuild walking sessions in order.
  await sql`
    create index webhook_events_session_idx on webhook_events (session_id, occurred_at, tiebreak)
    where session_id is not null`.execute(db);
  // GET /api/sync/failed-events: newest failures first.
  await sql`create index webhook_events_failed_idx on webhook_events (id) where apply_state = 'failed'`.execute(
    db,
  );

  // One entry per applied event, in event order (not arrival order): a stale event lands where it belongs.
  await sql`
    create view session_status_history as
      select session_id, status, occurred_at as at, source, event_id, id as event_row_id, tiebreak
      from webhook_events
      where session_id is not null and apply_state in ('applied', 'stale', 'pending_fetch')`.execute(db);

  await sql`
    create table sessions (
      session_id text primary key,
      session_number bigint,
      session_kind text not null default 'user',
      status text,
      status_key text generated always as (upper(replace(status, ' ', '_'))) stored,
      workflow_id text,
      workflow_version integer,
      vendor_data text,
      metadata jsonb,
      shared_from_session text,
      imported boolean generated always as (shared_from_session is not null) stored,
      decision jsonb,
      has_decision boolean generated always as (decision is not null) stored,
      full_name text generated always as (
        coalesce(
          nullif(btrim(decision #>> '{id_verifications,0,full_name}'), ''),
          nullif(btrim(coalesce(decision #>> '{id_verifications,0,first_name}', '') || ' ' ||
                       coalesce(decision #>> '{id_verifications,0,last_name}', '')), ''),
          nullif(btrim(decision #>> '{registry_checks,0,company_name}'), ''),
          nullif(btrim(decision #>> '{registry_checks,0,legal_name}'), ''),
          nullif(btrim(decision #>> '{aml_screenings,0,screened_data,full_name}'), ''),
          nullif(btrim(coalesce(decision #>> '{expected_details,first_name}', '') || ' ' ||
                       coalesce(decision #>> '{expected_details,last_name}', '')), '')
        )) stored,
      document_number text generated always as (
        coalesce(
          nullif(btrim(decision #>> '{id_verifications,0,document_number}'), ''),
          nullif(btrim(decision #>> '{registry_checks,0,registration_number}'), '')
        )) stored,
      warning_errors integer generated always as (coalesce(jsonb_array_length(
        jsonb_path_query_array(decision, 'lax $.*[*].warnings[*] ? (@.log_type == "error")')), 0)) stored,
      warning_warnings integer generated always as (coalesce(jsonb_array_length(
        jsonb_path_query_array(decision, 'lax $.*[*].warnings[*] ? (@.log_type == "warning")')), 0)) stored,
      warning_information integer generated always as (coalesce(jsonb_array_length(
        jsonb_path_query_array(decision, 'lax $.*[*].warnings[*] ? (@.log_type == "information")')), 0)) stored,
      aml_hits integer generated always as (coalesce(jsonb_array_length(
        jsonb_path_query_array(decision, 'lax $.aml_screenings[*].hits[*]')), 0)) stored,
      aml_unreviewed_hits integer generated always as (coalesce(jsonb_array_length(
        jsonb_path_query_array(decision,
          'lax $.aml_screenings[*].hits[*] ? (!exists(@.review_status) || @.review_status == "Unreviewed")')),
        0)) stored,
      last_event_at timestamptz not null,
      last_event_tiebreak text collate "C" not null,
      didit_created_at timestamptz,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      sort_at timestamptz generated always as (coalesce(didit_created_at, created_at)) stored,
      search_text text generated always as (lower(
        session_id || chr(31) || coalesce(vendor_data, '') || chr(31) ||
        coalesce(decision #>> '{id_verifications,0,full_name}', '') || chr(31) ||
        coalesce(decision #>> '{id_verifications,0,first_name}', '') || ' ' ||
        coalesce(decision #>> '{id_verifications,0,last_name}', '') || chr(31) ||
        coalesce(decision #>> '{registry_checks,0,company_name}', '') || chr(31) ||
        coalesce(decision #>> '{registry_checks,0,legal_name}', '') || chr(31) ||
        coalesce(decision #>> '{aml_screenings,0,screened_data,full_name}', '') || chr(31) ||
        coalesce(decision #>> '{id_verifications,0,document_number}', '') || chr(31) ||
        coalesce(decision #>> '{registry_checks,0,registration_number}', '')
      )) stored,
      reconciled_at timestamptz,
      constraint sessions_kind_check check (session_kind in ('user', 'business'))
    )`.execute(db);
  // Queue by status (In Review triage), oldest or newest first, keyset on (sort_at, session_id).
  await sql`create index sessions_status_order_idx on sessions (status_key, sort_at, session_id)`.execute(db);
  // Queue without a status filter, and the from/to created-date window.
  await sql`create index sessions_order_idx on sessions (sort_at, session_id)`.execute(db);
  // ?kind=user|business without a status (with one, the status index is narrower).
  await sql`
    create index sessions_kind_order_idx on sessions (session_kind, sort_at, session_id)`.execute(db);
  // ?workflow_id=
  await sql`create index sessions_workflow_order_idx on sessions (workflow_id, sort_at, session_id)`.execute(
    db,
  );
  // ?imported=true (reliance on partners' KYC).
  await sql`create index sessions_imported_order_idx on sessions (sort_at, session_id) where imported`.execute(
    db,
  );
  // ?has_aml_hits=true
  await sql`
    create index sessions_aml_order_idx on sessions (sort_at, session_id) where aml_hits > 0`.execute(db);
  // ?has_unreviewed_hits=true
  await sql`
    create index sessions_unreviewed_order_idx on sessions (sort_at, session_id)
    where aml_unreviewed_hits > 0`.execute(db);
  // ?has_issues=true (any error or warning)
  await sql`
    create index sessions_issues_order_idx on sessions (sort_at, session_id)
    where warning_errors > 0 or warning_warnings > 0`.execute(db);
  // Exact vendor_data lookups (sharing: a vendor's latest session; Didit's own list filter).
  await sql`create index sessions_vendor_data_idx on sessions (vendor_data)`.execute(db);
  // ?q= a session number.
  await sql`create index sessions_number_idx on sessions (session_number)`.execute(db);
  // ?q= substring of name, vendor_data, document number or session id, any script. One trigram index over
  // one lowered column rather than four: every non-HOT update pays for each GIN index it touches.
  await sql`create index sessions_search_trgm_idx on sessions using gin (search_text gin_trgm_ops)`.execute(
    db,
  );
  // Reconciliation: unfinished or recently changed sessions, least recently checked first.
  await sql`create index sessions_reconcile_idx on sessions (reconciled_at nulls first, session_id)
    where status_key is null or status_key not in ('APPROVED', 'DECLINED', 'EXPIRED', 'KYC_EXPIRED', 'ABANDONED')`.execute(
    db,
  );
  await sql`create index sessions_updated_idx on sessions (updated_at)`.execute(db);

  await sql`
    create table jobs (
      id bigserial primary key,
      kind text not null,
      key text,
      payload jsonb not null default '{}'::jsonb,
      state text not null default 'queued',
      run_at timestamptz not null,
      attempts integer not null default 0,
      max_attempts integer not null default 10,
      locked_by text,
      locked_until timestamptz,
      heartbeat_at timestamptz,
      last_error text,
      created_at timestamptz not null,
      finished_at timestamptz,
      constraint jobs_state_check check (state in ('queued', 'running', 'failed'))
    )`.execute(db);
  // Singletons and de-duplication (one pending refresh per session, one backfill, one reconcile loop).
  await sql`create unique index jobs_key_idx on jobs (key) where key is not null and state <> 'failed'`.execute(
    db,
  );
  // The claim: due queued jobs and running jobs whose lease ran out.
  await sql`create index jobs_due_idx on jobs (run_at) where state = 'queued'`.execute(db);
  await sql`create index jobs_lease_idx on jobs (locked_until) where state = 'running'`.execute(db);

  await sql`
    create table backfill_runs (
      id bigserial primary key,
      state text not null,
      checkpoint_offset integer not null default 0,
      done integer not null default 0,
      total integer,
      started_at timestamptz not null,
      finished_at timestamptz,
      updated_at timestamptz not null,
      segment_started_at timestamptz,
      segment_done integer not null default 0,
      rate_per_min double precision,
      started_by uuid,
      error text,
      constraint backfill_runs_state_check check (state in ('running', 'stopping', 'stopped', 'done', 'failed'))
    )`.execute(db);
  // At most one live run.
  await sql`create unique index backfill_runs_live_idx on backfill_runs ((true)) where state in ('running', 'stopping')`.execute(
    db,
  );

  await sql`
    create table sync_drifts (
      id bigserial primary key,
      session_id text not null,
      field text not null,
      local_value text,
      didit_value text,
      detected_at timestamptz not null
    )`.execute(db);
  // GET /api/sync/drifts: newest first, optionally for one session.
  await sql`create index sync_drifts_detected_idx on sync_drifts (detected_at desc, id desc)`.execute(db);
  await sql`create index sync_drifts_session_idx on sync_drifts (session_id, detected_at desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists sync_drifts`.execute(db);
  await sql`drop table if exists backfill_runs`.execute(db);
  await sql`drop table if exists jobs`.execute(db);
  await sql`drop table if exists sessions`.execute(db);
  await sql`drop view if exists session_status_history`.execute(db);
  await sql`drop table if exists webhook_events`.execute(db);
}
