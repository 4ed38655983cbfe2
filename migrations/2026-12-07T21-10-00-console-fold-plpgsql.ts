import { type Kysely, sql } from 'kysely';

/**
 * `console_fold` (migration 2026-12-06T22-10-00-search-fold) in PL/pgSQL instead of SQL, with the same body and
 * the same result. Postgres never inlines it (its body calls `unaccent`, which is STABLE, inside a function
 * declared IMMUTABLE), so as a SQL function every statement that writes `sessions` set up an executor for it
 * per index using it (the trigram index and both subject sorts) and planned its body again: 6 % of Postgres's
 * CPU per intake event went through `FormIndexDatum`, 2.3 % after (docs/performance.md "Intake: Postgres's CPU
 * per event"). PL/pgSQL caches the plan per connection and evaluates the body as a simple expression.
 *
 * The indexes on `console_fold(...)` stay valid: the function keeps its name, signature, IMMUTABLE and output
 * (`CREATE OR REPLACE` keeps its oid), so nothing is rebuilt.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function console_fold(text) returns text
    language plpgsql immutable parallel safe strict
    as $$ begin return public.unaccent('public.unaccent'::regdictionary, lower($1)); end $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function console_fold(text) returns text
    language sql immutable parallel safe strict
    as $$ select public.unaccent('public.unaccent'::regdictionary, lower($1)) $$`.execute(db);
}
