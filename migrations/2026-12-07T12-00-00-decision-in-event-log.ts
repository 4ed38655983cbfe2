import { type Kysely, sql } from 'kysely';

/**
 * A session's decision and metadata are kept once, in the event log. `sessions.decision` and `.metadata` were
 * copies of a document already in an event's payload; writing that copy again (read out of the event's
 * compressed payload, compressed and TOASTed again, WAL-logged) was ~90 % of the cost of writing a session
 * row, and so of a full `pnpm rebuild-sessions` (docs/performance.md "Rebuild"). The row keeps only the event
 * that holds each (`decision_event_id`, `metadata_event_id`, already written by the fold); readers take the
 * document from that event's payload (`decision_at` says where the decision sits).
 *
 * - Rows written before 2026-12-06T18-00-00-session-document-events and not rebuilt since name no event: they
 *   get the event the fold takes the document from (what `pnpm rebuild-sessions` would write).
 * - A row whose document no event in the log holds (edited by hand) would lose it: the migration refuses and
 *   names how many, rather than drop data.
 * - `has_decision` becomes `decision_event_id is not null`. Adding a generated column rewrites the table,
 *   which also frees the dropped documents' TOAST storage (most of the table's size); its indexes are rebuilt.
 *
 * Erasure is unchanged: it already empties the events' payloads, which are now the only copy.
 */
const FOLDED_STATES = `('applied', 'stale', 'pending_fetch')`;
const NEWEST = 'order by occurred_at desc, tiebreak desc';
/** A row holding a document without naming the event it came from (columns of `t`). */
const unsourced = (t: string) => `((${t}.decision is not null and ${t}.decision_event_id is null)
    or (${t}.metadata is not null and ${t}.metadata_event_id is null))`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    update sessions s set decision_event_id = f.decision_event, metadata_event_id = f.metadata_event
    from (
      select session_id,
        (array_agg(id ${NEWEST}) filter (where decision_at is not null))[1] as decision_event,
        (array_agg(id ${NEWEST}) filter (where has_metadata))[1] as metadata_event
      from webhook_events
      where session_id in (select u.session_id from sessions u where ${unsourced('u')})
        and apply_state in ${FOLDED_STATES}
      group by session_id
    ) f
    where f.session_id = s.session_id and ${unsourced('s')}`)
    .execute(db);
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from sessions s where ${sql.raw(unsourced('s'))}`.execute(db);
  const lost = rows[0]?.n ?? 0;
  if (lost > 0) {
    throw new Error(
      `${lost} session(s) hold a decision or metadata that no event in webhook_events carries ` +
        '(edited in the table by hand?): keep them as events, or clear them, before this migration',
    );
  }
  await sql`
    alter table sessions
      drop column has_decision,
      drop column decision,
      drop column metadata,
      add column has_decision boolean generated always as (decision_event_id is not null) stored`.execute(db);
}

/** The copies again, taken from the events the rows name; `has_decision` follows `decision` as before. */
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table sessions add column decision jsonb, add column metadata jsonb, drop column has_decision`.execute(
    db,
  );
  await sql`
    update sessions s set
      decision = (select case e.decision_at when 'root' then e.payload when 'decision' then e.payload -> 'decision' end
                  from webhook_events e where e.id = s.decision_event_id),
      metadata = (select case when e.has_metadata then e.payload -> 'metadata' end
                  from webhook_events e where e.id = s.metadata_event_id)
    where s.decision_event_id is not null or s.metadata_event_id is not null`.execute(db);
  await sql`
    alter table sessions add column has_decision boolean generated always as (decision is not null) stored`.execute(
    db,
  );
  const { rows } = await sql<{ ok: boolean }>`
    select coalesce(bool_or('lz4' = any(enumvals)), false) as ok
    from pg_settings where name = 'default_toast_compression'`.execute(db);
  if (rows[0]?.ok === true) {
    await sql`alter table sessions alter column decision set compression lz4, alter column metadata set compression lz4`.execute(
      db,
    );
  }
}
