import { type Kysely, sql } from 'kysely';

/**
 * An OIDC sign-in between `/api/auth/oidc/start` and the callback: the PKCE verifier and nonce stay on
 * the server, keyed by the SHA-256 of the `state` (which the browser also holds in a short-lived cookie,
 * binding the callback to the browser that started it).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table oidc_pending (
      state_hash bytea primary key,
      code_verifier text not null,
      nonce text not null,
      created_at timestamptz not null
    )`.execute(db);
  // Expired attempts are swept by age at each start.
  await sql`create index oidc_pending_created_idx on oidc_pending (created_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists oidc_pending`.execute(db);
}
