import { type Kysely, sql } from 'kysely';

/**
 * Didit's User and Business entities (https://docs.didit.me/entities/webhooks): one per `vendor_data` and kind,
 * with a status of their own (ACTIVE / FLAGGED / BLOCKED), counters and profile fields. `entity_events` is
 * their append-only log (webhooks and the console's own update-status calls); `entities` the current state.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table entity_events (
      id bigserial primary key,
      event_key text not null unique,
      event_id text,
      source text not null check (source in ('webhook', 'reviewer')),
      entity_kind text check (entity_kind in ('user', 'business')),
      vendor_data text,
      webhook_type text,
      envelope text check (envelope in ('flat', 'nested')),
      status text,
      previous_status text,
      changed_fields jsonb,
      changes jsonb,
      occurred_at timestamptz not null,
      received_at timestamptz not null,
      signature_scheme text,
      raw_body bytea not null,
      apply_state text not null check (apply_state in ('applied', 'stale', 'failed')),
      apply_error text,
      actor_user_id text,
      reason text
    )`.execute(db);
  // A profile's event history, newest first.
  await sql`
    create index entity_events_entity_idx on entity_events (entity_kind, vendor_data, occurred_at desc, id desc)
  `.execute(db);

  await sql`
    create table entities (
      entity_kind text not null check (entity_kind in ('user', 'business')),
      vendor_data text not null,
      status text check (status in ('ACTIVE', 'FLAGGED', 'BLOCKED')),
      previous_status text,
      status_at timestamptz,
      status_event_key text,
      status_history jsonb not null default '[]',
      session_count integer,
      approved_count integer,
      declined_count integer,
      in_review_count integer,
      display_name text,
      full_name text,
      legal_name text,
      registration_number text,
      country_code text,
      date_of_birth text,
      first_session_at text,
      last_session_at text,
      profile jsonb not null default '{}',
      field_at jsonb not null default '{}',
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (entity_kind, vendor_data)
    )`.execute(db);
  // The queue's filter on a case's entity status: sessions join entities on vendor_data.
  await sql`create index entities_vendor_data_idx on entities (vendor_data)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table entities`.execute(db);
  await sql`drop table entity_events`.execute(db);
}
