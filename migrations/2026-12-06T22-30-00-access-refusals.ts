import { type Kysely, sql } from 'kysely';

/**
 * Refused requests (401, 403, sign-ins refused while locked), counted per minute, actor, address and code.
 * The first refusal of each such window appends one audit entry; repeats only count here, so a flood
 * cannot flood the hash-chained log. Windows older than a day are swept as new ones open.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table access_refusals (
      window_start timestamptz not null,
      actor_key text not null,
      ip text not null,
      code text not null,
      refusals integer not null,
      primary key (window_start, actor_key, ip, code)
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists access_refusals`.execute(db);
}
