import { type Kysely, sql } from 'kysely';

/**
 * A reviewer's request to downgrade an AML hit someone confirmed as a match, waiting for a second reviewer
 * to send the same disposition (four-eyes). One open request per hit.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table aml_hit_downgrades (
      session_id text not null,
      hit_id text not null,
      review_status text not null,
      requested_by uuid not null references users (id),
      requested_at timestamptz not null,
      primary key (session_id, hit_id)
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists aml_hit_downgrades`.execute(db);
}
