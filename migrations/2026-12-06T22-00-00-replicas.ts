import { type Kysely, sql } from 'kysely';

/**
 * Several console processes on one database (docs/replicas.md).
 *
 * - Didit's rate budget, one per API key across processes: N slots per key and scope, each holding the start
 *   time of the request that last used it (a sliding-window log of fixed size), and the pause a 429 asks for.
 * - Batch shares: the process running a batch (owner) and its heartbeat, so another process tells a live
 *   batch from a dead one; the batch's public key and each minted token sealed to it, so any process can
 *   hand the tokens out while the database holds nothing that opens them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table didit_rate_slots (
      key text not null,
      kind text not null,
      slot int not null,
      used_at timestamptz not null default 'epoch',
      primary key (key, kind, slot),
      constraint didit_rate_slots_kind check (kind in ('get', 'write'))
    )`.execute(db);
  await sql`
    create table didit_rate_pauses (
      key text primary key,
      paused_until timestamptz not null
    )`.execute(db);
  await sql`
    alter table share_batches
      add column owner_id text,
      add column heartbeat_at timestamptz,
      add column public_key bytea`.execute(db);
  await sql`alter table share_batch_items add column sealed_token bytea`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table share_batch_items drop column sealed_token`.execute(db);
  await sql`alter table share_batches drop column owner_id, drop column heartbeat_at, drop column public_key`.execute(
    db,
  );
  await sql`drop table if exists didit_rate_pauses`.execute(db);
  await sql`drop table if exists didit_rate_slots`.execute(db);
}
