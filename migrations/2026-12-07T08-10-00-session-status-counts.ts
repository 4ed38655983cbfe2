import { type Kysely, sql } from 'kysely';

/**
 * The dashboard's open cases by status, exact and cheap at a million sessions (issue 12): counting the open
 * statuses from sessions_open_status_idx read 280,000 index entries (p95 151 ms against a 50 ms target).
 *
 * `session_status_counts` holds count deltas per (status_key, session_kind): row triggers on `sessions` append
 * +1 for an inserted row, −1 for a deleted one, and −1/+1 for an update that changes the status or the kind
 * (only then: the WHEN clause keeps every other update free). Appending, not updating one row per status,
 * so concurrent writers never wait on each other. The count is `sum(n)`, exact in any snapshot because the
 * delta commits with the change; the dashboard job rolls the deltas up (delete them, insert their sums, one
 * statement) so the table stays a row per pair plus the last minute's changes. A TRUNCATE of `sessions`
 * empties it. The first rollup row is the table as it is now.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table session_status_counts (
      status_key text,
      session_kind text not null,
      n bigint not null
    )`.execute(db);
  await sql`
    insert into session_status_counts (status_key, session_kind, n)
    select status_key, session_kind, count(*) from sessions group by status_key, session_kind`.execute(db);

  await sql`
    create function session_status_counts_change() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') then
        insert into session_status_counts (status_key, session_kind, n) values (old.status_key, old.session_kind, -1);
      end if;
      if tg_op in ('UPDATE', 'INSERT') then
        insert into session_status_counts (status_key, session_kind, n) values (new.status_key, new.session_kind, 1);
      end if;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger sessions_status_counts_insert after insert or delete on sessions
    for each row execute function session_status_counts_change()`.execute(db);
  await sql`
    create trigger sessions_status_counts_update after update on sessions
    for each row when (old.status_key is distinct from new.status_key
                       or old.session_kind is distinct from new.session_kind)
    execute function session_status_counts_change()`.execute(db);

  await sql`
    create function session_status_counts_truncate() returns trigger language plpgsql as $$
    begin
      delete from session_status_counts;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger sessions_status_counts_truncate after truncate on sessions
    for each statement execute function session_status_counts_truncate()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists sessions_status_counts_truncate on sessions`.execute(db);
  await sql`drop trigger if exists sessions_status_counts_update on sessions`.execute(db);
  await sql`drop trigger if exists sessions_status_counts_insert on sessions`.execute(db);
  await sql`drop function if exists session_status_counts_truncate()`.execute(db);
  await sql`drop function if exists session_status_counts_change()`.execute(db);
  await sql`drop table if exists session_status_counts`.execute(db);
}
