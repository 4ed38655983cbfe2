import { type Kysely, sql } from 'kysely';

/**
 * Who a case is assigned to (issue 12, "assignment and flow"). Unlike a claim, an assignment does not lapse:
 * it says whose desk the case is on until someone reassigns or unassigns it. Keyed by Didit's session id
 * with no foreign key to `sessions`, like claims (the sessions table can be rebuilt from its events).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table session_assignments (
      session_id text primary key,
      user_id uuid not null references users (id) on delete cascade,
      assigned_by uuid not null references users (id),
      assigned_at timestamptz not null
    )`.execute(db);
  // GET /api/sessions?assigned=me: the cases on one reviewer's desk.
  await sql`create index session_assignments_user_idx on session_assignments (user_id, session_id)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists session_assignments`.execute(db);
}
