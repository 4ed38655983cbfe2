import { type Kysely, sql } from 'kysely';

/**
 * The event each of a session's documents (`decision`, `metadata`) was taken from. The rebuild compares these
 * ids instead of the documents themselves, so a rebuild of a table already in sync reads no decision (~7 KB
 * compressed in `sessions` and as much again in the event's payload: 19.5 GiB from disk for a million
 * sessions, see README "Performance"). Existing rows start empty; the next `pnpm rebuild-sessions` fills them
 * (it rewrites each such row once).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table sessions add column decision_event_id bigint, add column metadata_event_id bigint`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table sessions drop column decision_event_id, drop column metadata_event_id`.execute(db);
}
