import { type Kysely, sql } from 'kysely';

/**
 * Saved queue views keep their columns (issue 12): the visible column ids, next to the filters and sort of
 * the view's query. Null: the queue's default columns (views saved before this migration).
 *
 * Sorting needed no new index here: `created` (sort_at) and `last_event` (last_event_at) each have a
 * (column, session_id) keyset index and one per status_key — migrations 2026-11-22T04-00-00-decision-sync and
 * 2026-12-07T01-40-00-queue-views. The other sortable columns (session number, subject, status, findings) came
 * later, each with an index per tab and a cursor of its own type: 2026-12-07T08-00-00-queue-column-sorts.
 * Kind, workflow and the assignee columns stay unsortable.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table saved_views
      add column columns text[] check (columns is null or cardinality(columns) between 1 and 20)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table saved_views drop column if exists columns`.execute(db);
}
