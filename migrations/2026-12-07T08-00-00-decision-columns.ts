import { type Kysely, sql } from 'kysely';

/**
 * The columns `sessions` derived from `decision` with generated expressions (2026-11-22T04-00-00-decision-sync)
 * become plain columns, computed once when an event is stored (api/src/sessions/session-columns.ts, in the
 * intake) and kept on the event; the fold, the intake's upsert and `pnpm rebuild-sessions` copy them from the
 * session's decision event. Evaluating five jsonpath queries and a dozen paths over every decision was a third
 * of a full rebuild's Postgres CPU (docs/performance.md "Rebuild").
 *
 * - `webhook_events.decision_*`: the values for each event that carries a decision, filled here for the events
 *   already stored with the very expressions the generated columns used.
 * - `sessions`: DROP EXPRESSION keeps every value (no table rewrite). `decision_search` (the decision's part of
 *   `search_text`, before `lower`) is added and filled, so an event without a decision can still recompute
 *   `search_text` when `vendor_data` changes.
 * - The erasure trigger clears the new event columns too: they hold names and document numbers.
 *
 * At a million sessions it evaluates the expressions once per decision event and once per session (~0.1 ms each).
 */

/** The generated columns' expressions over `decision`, exactly as decision-sync declared them. */
const text = (path: string) => `(decision #>> '{${path}}')`;
const DERIVED = {
  full_name: `coalesce(
      nullif(btrim(${text('id_verifications,0,full_name')}), ''),
      nullif(btrim(coalesce(${text('id_verifications,0,first_name')}, '') || ' ' ||
                   coalesce(${text('id_verifications,0,last_name')}, '')), ''),
      nullif(btrim(${text('registry_checks,0,company_name')}), ''),
      nullif(btrim(${text('registry_checks,0,legal_name')}), ''),
      nullif(btrim(${text('aml_screenings,0,screened_data,full_name')}), ''),
      nullif(btrim(coalesce(${text('expected_details,first_name')}, '') || ' ' ||
                   coalesce(${text('expected_details,last_name')}, '')), ''))`,
  document_number: `coalesce(
      nullif(btrim(${text('id_verifications,0,document_number')}), ''),
      nullif(btrim(${text('registry_checks,0,registration_number')}), ''))`,
  warning_errors: count(`'lax $.*[*].warnings[*] ? (@.log_type == "error")'`),
  warning_warnings: count(`'lax $.*[*].warnings[*] ? (@.log_type == "warning")'`),
  warning_information: count(`'lax $.*[*].warnings[*] ? (@.log_type == "information")'`),
  aml_hits: count(`'lax $.aml_screenings[*].hits[*]'`),
  aml_unreviewed_hits: count(
    `'lax $.aml_screenings[*].hits[*] ? (!exists(@.review_status) || @.review_status == "Unreviewed")'`,
  ),
} as const;
const COUNTS = [
  'warning_errors',
  'warning_warnings',
  'warning_information',
  'aml_hits',
  'aml_unreviewed_hits',
];
/** What `search_text` took from the decision, between `chr(31) ||` and the closing `lower(`. */
const SEARCH_DECISION = [
  `coalesce(${text('id_verifications,0,full_name')}, '')`,
  `coalesce(${text('id_verifications,0,first_name')}, '') || ' ' || coalesce(${text('id_verifications,0,last_name')}, '')`,
  `coalesce(${text('registry_checks,0,company_name')}, '')`,
  `coalesce(${text('registry_checks,0,legal_name')}, '')`,
  `coalesce(${text('aml_screenings,0,screened_data,full_name')}, '')`,
  `coalesce(${text('id_verifications,0,document_number')}, '')`,
  `coalesce(${text('registry_checks,0,registration_number')}, '')`,
].join(' || chr(31) || ');
const SEARCH_TEXT = `lower(session_id || chr(31) || coalesce(vendor_data, '') || chr(31) || ${SEARCH_DECISION})`;

function count(path: string): string {
  return `coalesce(jsonb_array_length(jsonb_path_query_array(decision, ${path})), 0)`;
}

const COLUMNS = Object.keys(DERIVED) as (keyof typeof DERIVED)[];
const EVENT_COLUMNS = [...COLUMNS.map((c) => `decision_${c}`), 'decision_search'];
const PERSONAL = ['decision_full_name', 'decision_document_number', 'decision_search'];

const eraseTrigger = (extraColumns: string[]) =>
  sql.raw(`
  create trigger webhook_events_erased before insert or update of raw_body, payload, decision_at, has_metadata,
    vendor_data${extraColumns.map((c) => `, ${c}`).join('')} on webhook_events
  for each row execute function redact_erased_session_event()`);

const eraseFunction = (extraColumns: string[]) =>
  sql.raw(`
  create or replace function redact_erased_session_event() returns trigger language plpgsql as $$
  begin
    if new.session_id is not null
       and exists (select 1 from session_erasures where session_id = new.session_id) then
      new.raw_body := ''::bytea;
      new.payload := null;
      new.decision_at := null;
      new.has_metadata := false;
      new.vendor_data := null;${extraColumns.map((c) => `\n      new.${c} := null;`).join('')}
    end if;
    return new;
  end $$`);

export async function up(db: Kysely<any>): Promise<void> {
  // Dropped at the end: the application computes these in TypeScript from now on.
  await sql
    .raw(`
    create function migration_decision_columns(decision jsonb,
      out full_name text, out document_number text, out warning_errors integer, out warning_warnings integer,
      out warning_information integer, out aml_hits integer, out aml_unreviewed_hits integer,
      out search_decision text)
    language sql immutable as $$
      select ${COLUMNS.map((c) => DERIVED[c]).join(',\n        ')},
        ${SEARCH_DECISION}
    $$`)
    .execute(db);

  await sql
    .raw(`alter table webhook_events
      add column decision_full_name text,
      add column decision_document_number text,
      add column decision_warning_errors integer,
      add column decision_warning_warnings integer,
      add column decision_warning_information integer,
      add column decision_aml_hits integer,
      add column decision_aml_unreviewed_hits integer,
      add column decision_search text`)
    .execute(db);
  await sql
    .raw(`
    update webhook_events e set (${EVENT_COLUMNS.join(', ')}) = (
      select c.* from migration_decision_columns(
        case e.decision_at when 'root' then e.payload when 'decision' then e.payload -> 'decision' end) c)
    where e.decision_at is not null`)
    .execute(db);

  await sql
    .raw(`alter table sessions
      ${[...COLUMNS, 'search_text'].map((c) => `alter column ${c} drop expression`).join(',\n      ')},
      add column decision_search text`)
    .execute(db);
  // A row written without them (a test's bare insert) has no decision: no warnings, no hits.
  await sql
    .raw(`alter table sessions ${COUNTS.map((c) => `alter column ${c} set default 0`).join(', ')}`)
    .execute(db);
  await sql
    .raw(`update sessions set decision_search = (migration_decision_columns(decision)).search_decision
      where decision is not null`)
    .execute(db);
  await sql.raw('drop function migration_decision_columns(jsonb)').execute(db);

  await sql`drop trigger webhook_events_erased on webhook_events`.execute(db);
  await eraseFunction(EVENT_COLUMNS).execute(db);
  await eraseTrigger(PERSONAL).execute(db);
}

/**
 * Generated columns again: Postgres cannot add an expression to an existing column, so each is dropped and
 * added back (a table rewrite), and the indexes that dropping them took are created again.
 */
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger webhook_events_erased on webhook_events`.execute(db);
  await eraseFunction([]).execute(db);
  await eraseTrigger([]).execute(db);

  const derived = [...COLUMNS, 'search_text'];
  const { rows } = await sql<{ definition: string }>`
    select pg_get_indexdef(i.indexrelid) as definition from pg_index i
    where i.indrelid = 'sessions'::regclass and exists (
      select 1 from pg_depend d join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
      where d.classid = 'pg_class'::regclass and d.objid = i.indexrelid
        and d.refobjid = 'sessions'::regclass and a.attname = any(${derived}))`.execute(db);
  await sql
    .raw(
      `alter table sessions drop column decision_search, ${derived.map((c) => `drop column ${c}`).join(', ')}`,
    )
    .execute(db);
  await sql
    .raw(`alter table sessions
      ${COLUMNS.map((c) => `add column ${c} ${c === 'full_name' || c === 'document_number' ? 'text' : 'integer'} generated always as (${DERIVED[c]}) stored`).join(',\n      ')},
      add column search_text text generated always as (${SEARCH_TEXT}) stored`)
    .execute(db);
  for (const r of rows) await sql.raw(r.definition).execute(db);
  await sql
    .raw(`alter table webhook_events ${EVENT_COLUMNS.map((c) => `drop column ${c}`).join(', ')}`)
    .execute(db);
}
