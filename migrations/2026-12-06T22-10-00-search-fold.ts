import { type Kysely, sql } from 'kysely';

/**
 * Search ignores accents both ways: `Jose Garcia` finds `José García` and `José` finds `Jose`. `unaccent` is
 * STABLE (its dictionary could change), so an index cannot use it directly; `console_fold` names the
 * dictionary and is declared IMMUTABLE, the usual way to index it. Both the embedded database (PGlite's
 * contrib build) and PostgreSQL (postgresql-contrib) ship the extension.
 *
 * The index is on the folded expression, not a new column: no table rewrite at a million sessions, and
 * `search_text` stays as it is.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists unaccent with schema public`.execute(db);
  await sql`
    create function console_fold(text) returns text
    language sql immutable parallel safe strict
    as $$ select public.unaccent('public.unaccent'::regdictionary, lower($1)) $$`.execute(db);
  // GET /api/sessions?q=: substring of name, vendor_data, document number or session id, accents folded.
  await sql`
    create index sessions_search_fold_idx on sessions using gin (console_fold(search_text) gin_trgm_ops)`.execute(
    db,
  );
  await sql`drop index if exists sessions_search_trgm_idx`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index if not exists sessions_search_trgm_idx on sessions using gin (search_text gin_trgm_ops)`.execute(
    db,
  );
  await sql`drop index if exists sessions_search_fold_idx`.execute(db);
  await sql`drop function if exists console_fold(text)`.execute(db);
  await sql`drop extension if exists unaccent`.execute(db);
}
