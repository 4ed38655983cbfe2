import { type Kysely, sql } from 'kysely';

/**
 * A reviewer's AML hit dispositions as the console made them: the comment that justifies each one, and what
 * the hit was before, so the last action can be undone. Didit keeps only the hit's current `review_status`.
 *
 * One row per hit per action; an action (one hit, or a bulk "false positive") shares `action_id`. An undo is
 * an action of its own whose rows name the action they revert in `undoes_action`. Append-only.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table aml_dispositions (
      id uuid primary key default gen_random_uuid(),
      action_id uuid not null,
      session_id text not null,
      hit_id text not null,
      node_id text,
      previous_status text,
      new_status text not null,
      comment text not null,
      actor_id uuid not null references users (id),
      created_at timestamptz not null,
      undoes_action uuid,
      constraint aml_dispositions_comment_length check (char_length(comment) between 1 and 2000)
    )`.execute(db);
  // GET /api/sessions/:id/aml-dispositions and the undo's "last action on this case": newest first.
  await sql`create index aml_dispositions_session_idx on aml_dispositions (session_id, created_at desc, id)`.execute(
    db,
  );
  await sql`
    create function aml_dispositions_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'aml_dispositions is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
    end
    $$`.execute(db);
  await sql`
    create trigger aml_dispositions_no_update_delete before update or delete on aml_dispositions
    for each row execute function aml_dispositions_refuse_change()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists aml_dispositions`.execute(db);
  await sql`drop function if exists aml_dispositions_refuse_change()`.execute(db);
}
