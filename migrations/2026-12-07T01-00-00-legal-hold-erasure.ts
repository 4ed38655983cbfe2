import { type Kysely, sql } from 'kysely';

/**
 * Legal holds and erasures of a case (docs/features.md "Case records"). An erased session keeps its events
 * (statuses, times, sources: who decided what and when) with their personal data removed; the trigger keeps
 * it removed for any event that arrives later (a Didit retry, a refresh, a backfill), so neither the intake
 * nor `pnpm rebuild-sessions` can bring the data back.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table session_legal_holds (
      session_id text primary key,
      reason text not null,
      set_by uuid references users (id) on delete set null,
      set_at timestamptz not null
    )`.execute(db);
  await sql`
    create table session_erasures (
      session_id text primary key,
      reason text not null,
      erased_by uuid references users (id) on delete set null,
      erased_at timestamptz not null,
      didit_outcome text not null,
      events_redacted integer not null,
      constraint session_erasures_didit_outcome check (didit_outcome in ('deleted', 'already_gone'))
    )`.execute(db);
  await sql`
    create function redact_erased_session_event() returns trigger language plpgsql as $$
    begin
      if new.session_id is not null
         and exists (select 1 from session_erasures where session_id = new.session_id) then
        new.raw_body := ''::bytea;
        new.payload := null;
        new.decision_at := null;
        new.has_metadata := false;
        new.vendor_data := null;
      end if;
      return new;
    end $$`.execute(db);
  await sql`
    create trigger webhook_events_erased before insert or update of raw_body, payload, decision_at, has_metadata,
      vendor_data on webhook_events for each row execute function redact_erased_session_event()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger webhook_events_erased on webhook_events`.execute(db);
  await sql`drop function redact_erased_session_event()`.execute(db);
  await sql`drop table session_erasures`.execute(db);
  await sql`drop table session_legal_holds`.execute(db);
}
