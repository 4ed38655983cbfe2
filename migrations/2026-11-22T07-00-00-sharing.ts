import { type Kysely, sql } from 'kysely';

/**
 * Reusable KYC: the partner registry, the ledger of share tokens we minted, batch-share jobs and the
 * reliance ledger of sessions we imported.
 *
 * A share token is a bearer secret. No column here ever holds one: a token is known by its SHA-256
 * (`token_sha256`, lowercase hex) and by its decoded, unverified claims. Batch tokens live only in the
 * memory of the process that minted them until their one download (README, "Reusable KYC").
 *
 * Session ids are Didit's `session_id` (text, as the sessions table keeps them); they are not foreign
 * keys so that a ledger row survives the deletion of a session, as a regulator expects.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table partners (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      application_id uuid not null,
      contact text,
      default_trust_review boolean not null default false,
      notes text not null default '',
      created_by uuid references users (id) on delete set null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      constraint partners_name_nonempty check (length(btrim(name)) between 1 and 200)
    )`.execute(db);
  // One partner per Didit application: share by application id resolves to it, imports name it.
  await sql`create unique index partners_application_id_key on partners (application_id)`.execute(db);
  // GET /api/partners lists by name; a duplicate name would confuse the partner picker.
  await sql`create unique index partners_name_lower_key on partners (lower(name))`.execute(db);

  await sql`
    create table share_batches (
      id uuid primary key default gen_random_uuid(),
      partner_id uuid not null references partners (id),
      for_application_id uuid not null,
      ttl_seconds integer not null,
      total integer not null,
      done integer not null default 0,
      failed integer not null default 0,
      status text not null,
      created_by uuid references users (id) on delete set null,
      created_at timestamptz not null,
      finished_at timestamptz,
      tokens_downloaded_at timestamptz,
      tokens_downloaded_by uuid references users (id) on delete set null,
      constraint share_batches_status_known check (status in ('running', 'finished', 'interrupted')),
      constraint share_batches_total_range check (total between 1 and 500),
      constraint share_batches_ttl_range check (ttl_seconds between 60 and 86400)
    )`.execute(db);

  await sql`
    create table share_tokens (
      id uuid primary key default gen_random_uuid(),
      token_sha256 text not null,
      session_id text not null,
      session_kind text not null,
      for_application_id uuid not null,
      from_application_id uuid,
      partner_id uuid references partners (id),
      batch_id uuid references share_batches (id),
      ttl_seconds integer not null,
      expires_at timestamptz not null,
      claims jsonb,
      created_by uuid references users (id) on delete set null,
      created_at timestamptz not null,
      constraint share_tokens_sha256_hex check (token_sha256 ~ '^[0-9a-f]{64}$'),
      constraint share_tokens_kind_known check (session_kind in ('user', 'business'))
    )`.execute(db);
  // Import preview "did we mint this?" and the duplicate check look a token up by fingerprint.
  await sql`create unique index share_tokens_sha256_key on share_tokens (token_sha256)`.execute(db);
  // GET /api/shares (newest first, keyset on created_at, id).
  await sql`create index share_tokens_created_idx on share_tokens (created_at desc, id desc)`.execute(db);
  // GET /api/shares?session_id=… and the "shared to whom" provenance of a case.
  await sql`create index share_tokens_session_idx on share_tokens (session_id, created_at desc, id desc)`.execute(
    db,
  );
  // GET /api/shares?partner=… and the per-partner share count.
  await sql`create index share_tokens_partner_idx on share_tokens (partner_id, created_at desc, id desc)`.execute(
    db,
  );

  await sql`
    create table share_batch_items (
      batch_id uuid not null references share_batches (id) on delete cascade,
      position integer not null,
      session_id text,
      vendor_data text,
      status text not null default 'pending',
      error_code text,
      error_message text,
      share_id uuid references share_tokens (id),
      primary key (batch_id, position),
      constraint share_batch_items_status_known check (status in ('pending', 'shared', 'failed')),
      constraint share_batch_items_target check (session_id is not null or vendor_data is not null)
    )`.execute(db);

  await sql`
    create table imports (
      id uuid primary key default gen_random_uuid(),
      token_sha256 text not null,
      session_id text not null,
      session_kind text not null,
      source_session_id text,
      source_application_id uuid,
      for_application_id uuid,
      partner_id uuid references partners (id),
      trust_review boolean not null,
      workflow_id uuid not null,
      source_status text,
      landed_status text not null,
      claims jsonb,
      imported_by uuid references users (id) on delete set null,
      imported_at timestamptz not null,
      constraint imports_sha256_hex check (token_sha256 ~ '^[0-9a-f]{64}$'),
      constraint imports_kind_known check (session_kind in ('user', 'business'))
    )`.execute(db);
  // Didit refuses a second import of a token; the fingerprint finds "our earlier import" for a 403.
  await sql`create unique index imports_sha256_key on imports (token_sha256)`.execute(db);
  // The provenance of a case: was this session imported, and from whom.
  await sql`create unique index imports_session_key on imports (session_id)`.execute(db);
  // GET /api/imports (newest first, keyset on imported_at, id).
  await sql`create index imports_imported_idx on imports (imported_at desc, id desc)`.execute(db);
  // GET /api/imports?partner=… and the per-partner import count.
  await sql`create index imports_partner_idx on imports (partner_id, imported_at desc, id desc)`.execute(db);
  // Provenance of a local source session: "imported elsewhere in this console from this session".
  await sql`create index imports_source_session_idx on imports (source_session_id) where source_session_id is not null`.execute(
    db,
  );

  // Batch share by a CSV of vendor_data: the newest finished session of each vendor id. The sessions table
  // belongs to decision sync (2026-11-22T04); this query is ours, so is the index.
  await sql`create index if not exists sessions_vendor_data_idx on sessions (vendor_data) where vendor_data is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists sessions_vendor_data_idx`.execute(db);
  await sql`drop table if exists imports`.execute(db);
  await sql`drop table if exists share_batch_items`.execute(db);
  await sql`drop table if exists share_tokens`.execute(db);
  await sql`drop table if exists share_batches`.execute(db);
  await sql`drop table if exists partners`.execute(db);
}
