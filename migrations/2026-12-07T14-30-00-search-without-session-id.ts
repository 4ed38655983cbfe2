import { type Kysely, sql } from 'kysely';

/**
 * The session id leaves the trigram index. A session id is looked up whole or by its first characters (people
 * paste the first 8 of a UUID), never by a piece from its middle, yet its 36 characters were 36 of the ~77
 * trigrams every row put into `sessions_search_fold_idx`: half the cost of building that index (the critical
 * path of a `pnpm rebuild-sessions` from an empty table) and of every delivery's index update
 * (docs/performance.md "Search without the session id").
 *
 * - `search_text` becomes `lower(vendor_data ␟ decision_search)`: the names, company, document and registry
 *   numbers and vendor data, still accent-folded and trigram-indexed (the same index, on fewer trigrams).
 * - The id is found through a B-tree on `lower(session_id)` with `text_pattern_ops`, which serves equality and
 *   `like 'prefix%'` under any database collation.
 *
 * The table is rewritten once (every row's `search_text`); the trigram index is dropped first and built again
 * after, so the update does not maintain it row by row.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists sessions_search_fold_idx`.execute(db);
  // `lower` maps character by character, so the old text is `lower(session_id) ␟` followed by the new one.
  await sql`
    update sessions set search_text = substr(search_text, length(session_id) + 2)
    where left(search_text, length(session_id) + 1) = lower(session_id) || chr(31)`.execute(db);
  await sql`
    create index sessions_search_fold_idx on sessions using gin (console_fold(search_text) gin_trgm_ops)`.execute(
    db,
  );
  await sql`
    create index sessions_session_id_prefix_idx on sessions (lower(session_id) text_pattern_ops)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists sessions_session_id_prefix_idx`.execute(db);
  await sql`drop index if exists sessions_search_fold_idx`.execute(db);
  await sql`update sessions set search_text = lower(session_id) || chr(31) || search_text`.execute(db);
  await sql`
    create index sessions_search_fold_idx on sessions using gin (console_fold(search_text) gin_trgm_ops)`.execute(
    db,
  );
}
