import { type Kysely, sql } from 'kysely';

/**
 * The tamper-evident audit log. `seq` is gapless (assigned under an advisory lock, not a sequence, which
 * can skip values on rollback); `hash` = SHA-256(prev_hash || canonical JSON of the entry), computed by
 * the application so an offline verifier can recompute it from an export.
 *
 * A trigger refuses UPDATE, DELETE and TRUNCATE for every role, the owner included (an owner or superuser
 * can still disable the trigger: the hash chain is what makes that visible). When the setting
 * `console.runtime_role` names a role (e.g. `ALTER DATABASE … SET console.runtime_role = 'console_app'`,
 * or `?options=-c console.runtime_role=console_app` on DATABASE_MIGRATION_URL), that role gets only
 * SELECT and INSERT on the table.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table audit_log (
      seq bigint primary key,
      at timestamptz not null,
      actor_id uuid,
      actor_label text not null,
      action text not null,
      subject_type text not null,
      subject_id text,
      session_id text,
      request_id text,
      ip text,
      user_agent text,
      before jsonb,
      after jsonb,
      details jsonb,
      prev_hash text not null,
      hash text not null,
      constraint audit_log_seq_positive check (seq > 0),
      constraint audit_log_hash_hex check (hash ~ '^[0-9a-f]{64}$' and prev_hash ~ '^[0-9a-f]{64}$')
    )`.execute(db);
  // GET /api/audit?actor=… (newest first, keyset on seq).
  await sql`create index audit_log_actor_idx on audit_log (actor_id, seq desc)`.execute(db);
  // GET /api/audit?action=…
  await sql`create index audit_log_action_idx on audit_log (action, seq desc)`.execute(db);
  // GET /api/audit?session_id=… (a Didit session's history of decisions, notes, claims).
  await sql`create index audit_log_session_idx on audit_log (session_id, seq desc) where session_id is not null`.execute(
    db,
  );
  // GET /api/audit?from=&to=
  await sql`create index audit_log_at_idx on audit_log (at)`.execute(db);

  await sql`
    create function audit_log_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
    end
    $$`.execute(db);
  await sql`
    create trigger audit_log_no_update_delete before update or delete on audit_log
    for each row execute function audit_log_refuse_change()`.execute(db);
  await sql`
    create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_refuse_change()`.execute(db);

  await sql`
    do $$
    declare r text := nullif(current_setting('console.runtime_role', true), '');
    begin
      if r is not null then
        execute format('revoke all on audit_log from %I', r);
        execute format('grant select, insert on audit_log to %I', r);
      end if;
    end
    $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists audit_log`.execute(db);
  await sql`drop function if exists audit_log_refuse_change()`.execute(db);
}
