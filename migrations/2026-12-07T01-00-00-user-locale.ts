import { type Kysely, sql } from 'kysely';

/**
 * The language a person chose in the console's account menu (issue 18). Null: they never chose, and the
 * console follows their browser (Accept-Language / navigator.languages).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table users add column locale text null check (locale in ('en', 'sw'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table users drop column if exists locale`.execute(db);
}
