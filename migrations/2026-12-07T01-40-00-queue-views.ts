import { type Kysely, sql } from 'kysely';

/**
 * The queue a team runs its day in (issue 12): saved views, column sorting, the entity-status filter.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // A named queue view: the queue's URL state (filters, sort, hidden columns), per user, optionally shared.
  await sql`
    create table saved_views (
      id uuid primary key default gen_random_uuid(),
      owner_id uuid not null references users (id) on delete cascade,
      name text not null check (length(name) between 1 and 80),
      query text not null check (length(query) <= 1000),
      shared boolean not null default false,
      created_at timestamptz not null,
      unique (owner_id, name)
    )`.execute(db);
  // GET /api/views: the team's shared views (the caller's own come from the unique (owner_id, name) index).
  await sql`create index saved_views_shared_idx on saved_views (name, id) where shared`.execute(db);

  // GET /api/sessions?sort=last_event: keyset on (last_event_at, session_id), also within one status (the tabs).
  await sql`create index sessions_last_event_order_idx on sessions (last_event_at, session_id)`.execute(db);
  await sql`create index sessions_status_last_event_idx on sessions (status_key, last_event_at, session_id)`.execute(
    db,
  );
  // GET /api/sessions?entity_status=FLAGGED: start from the few entities with that status.
  await sql`create index entities_status_idx on entities (status, entity_kind, vendor_data) where status is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists entities_status_idx`.execute(db);
  await sql`drop index if exists sessions_status_last_event_idx`.execute(db);
  await sql`drop index if exists sessions_last_event_order_idx`.execute(db);
  await sql`drop table if exists saved_views`.execute(db);
}
