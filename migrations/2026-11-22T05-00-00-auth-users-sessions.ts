import { type Kysely, sql } from 'kysely';

/**
 * Local and SSO accounts, their server-side login sessions, and the sign-in throttle.
 * Times compared against "now" are written by the application (its injected clock), never `now()`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table users (
      id uuid primary key default gen_random_uuid(),
      email text not null,
      name text not null,
      roles text[] not null default '{}',
      disabled boolean not null default false,
      password_hash text,
      totp_secret text,
      totp_pending_secret text,
      totp_enabled_at timestamptz,
      totp_last_step bigint,
      oidc_subject text,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      constraint users_roles_known check (roles <@ array['admin','reviewer','partner_manager','auditor']::text[])
    )`.execute(db);
  // Login and "create user" look an account up by its email, whatever its case.
  await sql`create unique index users_email_lower_key on users (lower(email))`.execute(db);
  // The OIDC callback finds the account linked to the provider's subject.
  await sql`create unique index users_oidc_subject_key on users (oidc_subject) where oidc_subject is not null`.execute(
    db,
  );

  await sql`
    create table login_sessions (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id) on delete cascade,
      token_hash bytea not null,
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      expires_at timestamptz not null,
      ended_at timestamptz,
      ended_reason text,
      method text not null,
      ip text,
      user_agent text
    )`.execute(db);
  // Every authenticated request resolves its cookie by the token's SHA-256.
  await sql`create unique index login_sessions_token_hash_key on login_sessions (token_hash)`.execute(db);
  // Logout-everywhere and "disable user" end a user's open sessions.
  await sql`create index login_sessions_user_open_idx on login_sessions (user_id) where ended_at is null`.execute(
    db,
  );

  await sql`
    create table login_throttle (
      key text primary key,
      failures integer not null,
      last_failure_at timestamptz not null,
      locked_until timestamptz
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists login_throttle`.execute(db);
  await sql`drop table if exists login_sessions`.execute(db);
  await sql`drop table if exists users`.execute(db);
}
