import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../schema.ts';
import { type EventInput, payloadIsRawText } from './event-input.ts';
import { DECISION_COLUMNS, NO_DECISION } from './session-columns.ts';
import type { ApplyState } from './sessions.tables.ts';

export interface InsertedEvent {
  id: number;
  apply_state: ApplyState;
  /** 1 when the sessions row was inserted or moved forward by this event. */
  upserted: number;
}

/** `deriveSessionColumns`' values as the event keeps them (null for an event without a decision). */
const DECISION_COLUMN_NAMES = `decision_full_name, decision_document_number, decision_warning_errors,
  decision_warning_warnings, decision_warning_information, decision_aml_hits, decision_aml_unreviewed_hits,
  decision_search`;

/** The values of `DECISION_COLUMN_NAMES` for one event, each cast (a VALUES list types untyped parameters as text). */
function decisionValues(e: EventInput) {
  const c = e.decisionAt === null ? null : e.decisionColumns;
  return sql`${c?.full_name ?? null}::text, ${c?.document_number ?? null}::text, ${c?.warning_errors ?? null}::integer,
    ${c?.warning_warnings ?? null}::integer, ${c?.warning_information ?? null}::integer,
    ${c?.aml_hits ?? null}::integer, ${c?.aml_unreviewed_hits ?? null}::integer, ${c?.search_decision ?? null}::text`;
}

/** `decision_full_name = …, …` for an event row rewritten from its raw body (a re-applied failed webhook). */
export function decisionColumnsAssignment(e: EventInput) {
  return sql`(${sql.raw(DECISION_COLUMN_NAMES)}) = (${decisionValues(e)})`;
}

const EVENT_COLUMNS =
  sql.raw(`event_key, event_id, source, webhook_type, session_id, status, occurred_at, tiebreak,
  received_at, signature_scheme, raw_body, payload, decision_at, has_metadata, session_kind, session_number,
  workflow_id, workflow_version, vendor_data, shared_from_session, didit_created_at, apply_state, apply_error,
  ${DECISION_COLUMN_NAMES}`);

/**
 * The payload is not stored when it is the raw body's text (the intake's usual case): `payload` is null and
 * readers take it from the bytes (`storedPayload`). Converting ~12 KB of text to jsonb and compressing it a
 * second time was a sixth of Postgres's CPU per intake event and half its WAL (docs/performance.md).
 * A failed event keeps its payload: the readers tell "in the raw body" from "none" by the apply state.
 */
function payloadInRaw(e: EventInput, payloadJson: string | null): boolean {
  return payloadJson !== null && payloadIsRawText(e) && e.intent !== 'failed';
}

/**
 * The stored event's payload from the row `alias`: the `payload` column, or the raw body's text when the
 * intake left `payload` out (`payloadInRaw`). Null for a failed event without a payload and for an erased
 * event (its raw body is emptied).
 */
export function storedPayload(alias: string): RawBuilder<unknown> {
  const e = sql.raw(alias);
  return sql`coalesce(${e}.payload, case when ${e}.apply_state <> 'failed' and octet_length(${e}.raw_body) > 0
    then convert_from(${e}.raw_body, 'UTF8')::jsonb end)`;
}

/**
 * The values of one event row. The raw body travels once, in the `body` CTE the statement starts with
 * (`withBody`); the payload is left out when it is the body's text (`payloadInRaw`), taken from the bytes for
 * a failed event, or sent as its own parameter.
 */
function eventValues(e: EventInput, applyState: RawBuilder<unknown>, payloadJson: string | null) {
  const payload = payloadInRaw(e, payloadJson)
    ? sql`null::jsonb`
    : payloadJson !== null && payloadIsRawText(e)
      ? sql`(select convert_from(raw, 'UTF8')::jsonb from body)`
      : sql`${payloadJson}::jsonb`;
  return sql`${e.eventKey}, ${e.eventId}, ${e.source}, ${e.webhookType}, ${e.sessionId}, ${e.status},
    ${e.occurredAt}::timestamptz, ${e.tiebreak}, ${e.receivedAt}::timestamptz, ${e.signatureScheme},
    (select raw from body), ${payload}, ${e.decisionAt}, ${e.hasMetadata}, ${e.sessionKind},
    ${e.sessionNumber}::bigint, ${e.workflowId}, ${e.workflowVersion}::integer, ${e.vendorData},
    ${e.sharedFromSession}, ${e.diditCreatedAt}::timestamptz, ${applyState}, ${e.applyError},
    ${decisionValues(e)}`;
}

const withBody = (e: EventInput) => sql`body as (select ${Buffer.from(e.rawBody)}::bytea as raw)`;

/** The columns of `sessions` taken from the decision event's `decision_*` columns (`search_text` from them). */
const DERIVED_COLUMNS = [...DECISION_COLUMNS, 'decision_search', 'search_text'];

/**
 * The columns one event contributes to its session (the fold reads the same ones). The decision and the
 * metadata are not among them: they stay in the event's payload, and the session names that event
 * (`decision_event_id`, `metadata_event_id`; readers: `sessionDecision`, `sessionMetadata`).
 */
const SESSION_COLUMNS =
  sql.raw(`session_id, session_number, session_kind, status, workflow_id, workflow_version,
  vendor_data, shared_from_session, last_event_at, last_event_tiebreak, didit_created_at,
  created_at, updated_at, decision_event_id, metadata_event_id, ${DERIVED_COLUMNS.join(', ')}`);

/** The derived columns of `sessions` (but `search_text`) from the event row `alias`: none without a decision. */
function derivedFrom(alias: RawBuilder<unknown>) {
  return sql`${alias}.decision_full_name, ${alias}.decision_document_number,
    coalesce(${alias}.decision_warning_errors, 0), coalesce(${alias}.decision_warning_warnings, 0),
    coalesce(${alias}.decision_warning_information, 0), coalesce(${alias}.decision_aml_hits, 0),
    coalesce(${alias}.decision_aml_unreviewed_hits, 0), ${alias}.decision_search`;
}

/**
 * `search_text` from the session's `vendor_data` and its decision's `decision_search` (null: none): `lower` over
 * the whole, in Postgres (its case mapping, not JavaScript's). The session id is not in it: it is found by
 * equality or prefix through its own B-tree (migration 2026-12-07T14-30-00-search-without-session-id), and its
 * trigrams were half of the trigram index's cost.
 */
const searchText = (vendorData: RawBuilder<unknown>, part: RawBuilder<unknown>) =>
  sql`lower(coalesce(${vendorData}, '') || chr(31) || coalesce(${part}, ${sql.lit(NO_DECISION.search_decision)}))`;

/**
 * Stores an event and, when it is the newest of its session, folds it into `sessions` — one statement.
 * The session row is locked first, so the `stale` label and the upsert agree under concurrency. Nothing is
 * returned for a duplicate `event_key`. A stale event (or a lost race on a brand-new session: label says
 * applied, `upserted` is 0) needs `refoldSession` in the same transaction.
 */
export async function insertAndApplyEvent(db: Kysely<DB>, e: EventInput): Promise<InsertedEvent | undefined> {
  const { rows } = await insertAndApplyStatement(e).execute(db);
  return rows[0];
}

/** The statement `insertAndApplyEvent` runs: two shapes (foldable into a session or not), each one text. */
export function insertAndApplyStatement(e: EventInput): RawBuilder<InsertedEvent> {
  const foldable = e.intent === 'applied' || e.intent === 'pending_fetch';
  if (!foldable || e.sessionId === null) {
    return sql<InsertedEvent>`
      with ${withBody(e)}
      insert into webhook_events (${EVENT_COLUMNS})
      values (${eventValues(e, sql`${e.intent}`, e.payloadJson)})
      on conflict (event_key) do nothing
      returning id, apply_state, 0 as upserted`;
  }
  return sql<InsertedEvent>`
    with ${withBody(e)},
    cur as (
      select last_event_at, last_event_tiebreak from sessions where session_id = ${e.sessionId} for update
    ),
    ev as (
      insert into webhook_events (${EVENT_COLUMNS})
      values (${eventValues(
        e,
        sql`case when exists (
              select 1 from cur
              where (cur.last_event_at, cur.last_event_tiebreak) > (${e.occurredAt}::timestamptz, ${e.tiebreak}::text)
            ) then 'stale' else ${e.intent} end`,
        e.payloadJson,
      )})
      on conflict (event_key) do nothing
      returning *
    ),
    up as (${UPSERT_FROM_EV})
    select id, apply_state, (select count(*) from up)::int as upserted from ev`;
}

/**
 * The `up` step of both statements: folds the inserted events (`ev`) that are the newest of their session
 * into `sessions`; a session already showing a newer event is left alone (the caller refolds it).
 */
const UPSERT_FROM_EV = sql`
      insert into sessions (${SESSION_COLUMNS})
      select session_id, session_number, coalesce(session_kind, 'user'), status, workflow_id, workflow_version,
        vendor_data, shared_from_session, occurred_at, tiebreak, didit_created_at, received_at, received_at,
        case when decision_at is not null then id end, case when has_metadata then id end,
        ${derivedFrom(sql.raw('ev'))},
        ${searchText(sql.raw('vendor_data'), sql.raw('decision_search'))}
      from ev where apply_state in ('applied', 'pending_fetch') and session_id is not null
      on conflict (session_id) do update set
        session_number = coalesce(excluded.session_number, sessions.session_number),
        session_kind = case when excluded.session_kind = 'business' or sessions.session_kind = 'business'
                            then 'business' else 'user' end,
        status = coalesce(excluded.status, sessions.status),
        workflow_id = coalesce(excluded.workflow_id, sessions.workflow_id),
        workflow_version = coalesce(excluded.workflow_version, sessions.workflow_version),
        vendor_data = coalesce(excluded.vendor_data, sessions.vendor_data),
        shared_from_session = coalesce(excluded.shared_from_session, sessions.shared_from_session),
        decision_event_id = coalesce(excluded.decision_event_id, sessions.decision_event_id),
        metadata_event_id = coalesce(excluded.metadata_event_id, sessions.metadata_event_id),
        last_event_at = excluded.last_event_at,
        last_event_tiebreak = excluded.last_event_tiebreak,
        didit_created_at = coalesce(excluded.didit_created_at, sessions.didit_created_at),
        created_at = least(sessions.created_at, excluded.created_at),
        updated_at = greatest(sessions.updated_at, excluded.updated_at),
        ${sql.raw(
          DERIVED_COLUMNS.slice(0, -1)
            .map(
              (c) =>
                `${c} = case when excluded.decision_event_id is not null then excluded.${c} else sessions.${c} end`,
            )
            .join(',\n        '),
        )},
        search_text = ${searchText(
          sql.raw('coalesce(excluded.vendor_data, sessions.vendor_data)'),
          sql.raw(
            'case when excluded.decision_event_id is not null then excluded.decision_search else sessions.decision_search end',
          ),
        )}
      where (excluded.last_event_at, excluded.last_event_tiebreak)
          > (sessions.last_event_at, sessions.last_event_tiebreak)
      returning session_id`;

const INPUT_COLUMNS =
  sql.raw(`event_key, event_id, source, webhook_type, session_id, status, occurred_at, tiebreak,
  received_at, signature_scheme, raw_body, payload, payload_from_raw, decision_at, has_metadata, session_kind,
  session_number, workflow_id, workflow_version, vendor_data, shared_from_session, didit_created_at, intent,
  apply_error, foldable, ${DECISION_COLUMN_NAMES}`);

/**
 * `insertAndApplyStatement` for many events in one statement (one round trip for a whole intake batch):
 * every event is inserted (`ON CONFLICT (event_key) DO NOTHING`), labelled `stale` when its session already
 * shows a newer event (the session rows are locked first, in session order), and the inserted events that are
 * newest are folded into `sessions`. Each row answers for one inserted event, by `event_key`, with
 * `upserted` = 1 when its session row was inserted or moved forward. Precondition (the batcher's): no two
 * events share an `event_key` or a session id — the later ones go through `insertAndApplyStatement`.
 */
export function insertAndApplyManyStatement(
  events: readonly EventInput[],
): RawBuilder<InsertedEvent & { event_key: string }> {
  const rows = events.map((e) => {
    const foldable = (e.intent === 'applied' || e.intent === 'pending_fetch') && e.sessionId !== null;
    // The body once: when the payload is its text it is not stored (`payloadInRaw`), or, for a failed
    // event, Postgres takes it from the bytes.
    const inRaw = payloadInRaw(e, e.payloadJson);
    const fromRaw = !inRaw && e.payloadJson !== null && payloadIsRawText(e);
    // Every non-text value is cast: VALUES resolves an untyped parameter as text.
    return sql`(${e.eventKey}, ${e.eventId}, ${e.source}, ${e.webhookType}, ${e.sessionId}, ${e.status},
      ${e.occurredAt}::timestamptz, ${e.tiebreak}, ${e.receivedAt}::timestamptz, ${e.signatureScheme},
      ${Buffer.from(e.rawBody)}::bytea, ${fromRaw || inRaw ? null : e.payloadJson}::jsonb, ${fromRaw}::boolean,
      ${e.decisionAt}, ${e.hasMetadata}::boolean,
      ${e.sessionKind}, ${e.sessionNumber}::bigint, ${e.workflowId}, ${e.workflowVersion}::integer,
      ${e.vendorData}, ${e.sharedFromSession}, ${e.diditCreatedAt}::timestamptz, ${e.intent}, ${e.applyError},
      ${foldable}::boolean, ${decisionValues(e)})`;
  });
  return sql<InsertedEvent & { event_key: string }>`
    with input (${INPUT_COLUMNS}) as (values ${sql.join(rows)}),
    cur as (
      select session_id, last_event_at, last_event_tiebreak from sessions
      where session_id in (select session_id from input where foldable)
      order by session_id
      for update
    ),
    ev as (
      insert into webhook_events (${EVENT_COLUMNS})
      select event_key, event_id, source, webhook_type, session_id, status, occurred_at, tiebreak, received_at,
        signature_scheme, raw_body,
        case when payload_from_raw then convert_from(raw_body, 'UTF8')::jsonb else payload end, decision_at, has_metadata, session_kind, session_number,
        workflow_id, workflow_version, vendor_data, shared_from_session, didit_created_at,
        case when foldable and exists (
          select 1 from cur
          where cur.session_id = input.session_id
            and (cur.last_event_at, cur.last_event_tiebreak) > (input.occurred_at, input.tiebreak)
        ) then 'stale' else intent end,
        apply_error, ${sql.raw(DECISION_COLUMN_NAMES)}
      from input
      on conflict (event_key) do nothing
      returning *
    ),
    up as (${UPSERT_FROM_EV})
    select id, event_key, apply_state,
      (exists (select 1 from up where up.session_id = ev.session_id))::int as upserted
    from ev`;
}

/** Stores a verified event that cannot be applied, without its payload (used when Postgres refused it). */
export async function insertFailedEvent(
  db: Kysely<DB>,
  e: EventInput,
  reason: string,
): Promise<InsertedEvent | undefined> {
  const { rows } = await sql<InsertedEvent>`
    with ${withBody(e)}
    insert into webhook_events (${EVENT_COLUMNS})
    values (${eventValues({ ...e, applyError: reason, decisionAt: null, hasMetadata: false }, sql`'failed'`, null)})
    on conflict (event_key) do nothing
    returning id, apply_state, 0 as upserted`.execute(db);
  return rows[0];
}

export async function markEventStale(db: Kysely<DB>, id: number): Promise<void> {
  await db.updateTable('webhook_events').set({ apply_state: 'stale' }).where('id', '=', id).execute();
}

/** The event columns the fold reads, and those of its decision event (`decision_*`, via `derivedFrom`). */
const FOLD_INPUT = `session_id, session_number, session_kind, status, workflow_id, workflow_version, vendor_data,
  shared_from_session, didit_created_at, id, decision_at, has_metadata, occurred_at, tiebreak, received_at,
  ${DECISION_COLUMN_NAMES}`;

/** `(array_agg(<column>) filter (where <when>))[1]`: over the fold's sorted input, the newest such value. */
const newestWhere = (column: string, when: string) =>
  `(array_agg(${column}) filter (where ${when}))[1] as ${column}`;

/**
 * The fold: a session's state from its events alone. Per field, the newest event (by occurred_at, then
 * tiebreak) that carries a value wins; `business` is sticky (a session's kind never changes, and only KYB
 * events say it). `created_at`/`updated_at` are the first and last arrival; the `decision_*` columns are the
 * newest decision event's. The incremental upsert above computes exactly this for an event newer than all
 * before it; tests hold the two equal.
 *
 * The events are sorted once, newest first, in a subquery (a sorted subquery is not flattened, and the
 * aggregates read it in that order): `array_agg(… order by …)` sorted each of a dozen aggregates per session
 * apart, a third of the from-empty rebuild's fold (docs/performance.md "Rebuild"). Without parallel
 * aggregation: `rebuildSessions` turns it off, and a single session's refold is never split.
 */
function foldSelect(where: RawBuilder<unknown>) {
  const decisionColumns = DECISION_COLUMN_NAMES.split(',').map((c) => c.trim());
  return sql`
    select a.session_id, a.session_number, a.session_kind, a.status, a.workflow_id, a.workflow_version,
      a.vendor_data, a.shared_from_session, a.last_event_at, a.last_event_tiebreak, a.didit_created_at,
      a.created_at, a.updated_at,
      a.decision_event, a.metadata_event, ${derivedFrom(sql.raw('a'))},
      ${searchText(sql.raw('a.vendor_data'), sql.raw('a.decision_search'))}
    from (
      select session_id,
        ${sql.raw(
          [
            'session_number',
            'status',
            'workflow_id',
            'workflow_version',
            'vendor_data',
            'shared_from_session',
            'didit_created_at',
          ]
            .map((c) => newestWhere(c, `${c} is not null`))
            .join(',\n        '),
        )},
        case when bool_or(session_kind = 'business') then 'business' else 'user' end as session_kind,
        (array_agg(id) filter (where decision_at is not null))[1] as decision_event,
        (array_agg(id) filter (where has_metadata))[1] as metadata_event,
        ${sql.raw(decisionColumns.map((c) => newestWhere(c, 'decision_at is not null')).join(',\n        '))},
        (array_agg(occurred_at))[1] as last_event_at,
        (array_agg(tiebreak))[1] as last_event_tiebreak,
        min(received_at) as created_at,
        max(received_at) as updated_at
      from (
        select ${sql.raw(FOLD_INPUT)} from webhook_events
        where ${where} and apply_state in ('applied', 'stale', 'pending_fetch')
        order by session_id, occurred_at desc, tiebreak desc
      ) e
      group by session_id
    ) a`;
}

const OVERWRITE_ALL = sql.raw(`
  session_number = excluded.session_number, session_kind = excluded.session_kind, status = excluded.status,
  workflow_id = excluded.workflow_id, workflow_version = excluded.workflow_version,
  vendor_data = excluded.vendor_data, shared_from_session = excluded.shared_from_session,
  last_event_at = excluded.last_event_at, last_event_tiebreak = excluded.last_event_tiebreak,
  didit_created_at = excluded.didit_created_at, created_at = excluded.created_at, updated_at = excluded.updated_at,
  decision_event_id = excluded.decision_event_id, metadata_event_id = excluded.metadata_event_id,
  ${DERIVED_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}`);

/** Recomputes one session from its events. Call with the session row locked (the intake holds it). */
export async function refoldSession(db: Kysely<DB>, sessionId: string): Promise<void> {
  await sql`
    insert into sessions (${SESSION_COLUMNS})
    ${foldSelect(sql`session_id = ${sessionId}`)}
    on conflict (session_id) do update set ${OVERWRITE_ALL}`.execute(db);
}

/** The fold's columns compared with the stored row: every column of `sessions` the fold writes. */
const FOLDED = [
  'session_number',
  'session_kind',
  'status',
  'workflow_id',
  'workflow_version',
  'vendor_data',
  'shared_from_session',
  'last_event_at',
  'last_event_tiebreak',
  'didit_created_at',
  'created_at',
  'updated_at',
  'decision_event_id',
  'metadata_event_id',
  ...DERIVED_COLUMNS,
];
const rowOf = (alias: string) => sql.raw(`(${FOLDED.map((c) => `${alias}.${c}`).join(', ')})`);

/**
 * Refolds the sessions in (after, upTo] and writes those whose fold differs from the stored row (or that are
 * missing); `fromEmpty` writes every fold without reading the stored rows. Returns how many were written.
 */
export async function refoldRange(
  db: Kysely<DB>,
  after: string | null,
  upTo: string,
  opts: { fromEmpty?: boolean } = {},
): Promise<number> {
  const lower = after === null ? sql`true` : sql`session_id > ${after}`;
  if (opts.fromEmpty) {
    // Into an emptied table there is nothing to compare with: every fold is written. A row the intake
    // inserted meanwhile is overwritten by the fold, as a differing row would be.
    const result = await sql`
      insert into sessions (${SESSION_COLUMNS})
      ${foldSelect(sql`${lower} and session_id <= ${upTo}`)}
      on conflict (session_id) do update set ${OVERWRITE_ALL}`.execute(db);
    return Number(result.numAffectedRows ?? 0);
  }
  // The range is repeated on `s` so the stored rows are read by key range, not by scanning the whole table.
  const result = await sql`
    insert into sessions (${SESSION_COLUMNS})
    select f.* from (${foldSelect(sql`${lower} and session_id <= ${upTo}`)}) f (${SESSION_COLUMNS})
    left join (select * from sessions where ${lower} and session_id <= ${upTo}) s on s.session_id = f.session_id
    where s.session_id is null or not record_image_eq(row${rowOf('f')}, row${rowOf('s')})
    on conflict (session_id) do update set ${OVERWRITE_ALL}`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
