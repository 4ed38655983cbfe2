import { type Kysely, sql } from 'kysely';

/**
 * The decision's part of `search_text` holds each value once. `decision_search` joined seven values of the
 * decision (full name, first + last name, company and legal names, AML screened name, document and registry
 * numbers), and a person's name was there up to three times: a third of the text the trigram index is built
 * from, which is the critical path of a `pnpm rebuild-sessions` from an empty table (docs/performance.md
 * "Full recompute toward 20,000 events/s"). A search term matches inside one value, so each value once finds
 * the same sessions.
 *
 * Every stored `decision_search` (events and sessions) becomes what `distinctSearchValues`
 * (api/src/sessions/session-columns.ts) now computes — split on U+001F, values of spaces only left out, each
 * value once in the order first seen — and every `search_text` what the fold computes from it (a session
 * without a decision: `lower(vendor_data) ␟`, the decision's part now empty). The trigram index is dropped
 * first and built again after, so the update does not maintain it row by row.
 *
 * `down` keeps the values once (a search finds the same sessions either way) and gives the sessions without
 * a decision the old code's placeholder again, so the old fold finds every row in sync.
 */
const distinct = (column: string) =>
  sql.raw(`(select coalesce(string_agg(v, chr(31) order by o), '') from (
      select v, min(o) as o from unnest(string_to_array(${column}, chr(31))) with ordinality as u(v, o)
      where btrim(v) <> '' group by v
    ) d)`);

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    update webhook_events e set decision_search = d.v
    from (select id, ${distinct('decision_search')} as v from webhook_events where decision_search is not null) d
    where d.id = e.id and d.v <> e.decision_search`.execute(db);
  await sql`drop index if exists sessions_search_fold_idx`.execute(db);
  await sql`
    update sessions s set decision_search = d.v,
      search_text = lower(coalesce(s.vendor_data, '') || chr(31) || coalesce(d.v, ''))
    from (
      select session_id, case when decision_search is not null then ${distinct('decision_search')} end as v
      from sessions
    ) d
    where d.session_id = s.session_id`.execute(db);
  await createSearchIndex(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists sessions_search_fold_idx`.execute(db);
  // The old code's decision part without a decision: seven empty values, the second a space (first + last name).
  await sql`
    update sessions set search_text = lower(coalesce(vendor_data, '') || chr(31)
      || coalesce(decision_search, chr(31) || ' ' || repeat(chr(31), 5)))`.execute(db);
  await createSearchIndex(db);
}

const createSearchIndex = (db: Kysely<any>) =>
  sql`
    create index sessions_search_fold_idx on sessions using gin (console_fold(search_text) gin_trgm_ops)`.execute(
    db,
  );
