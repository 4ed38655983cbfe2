import { type Kysely, sql } from 'kysely';

/**
 * Large values (a webhook's raw bytes and parsed payload, a session's decision: ~11 KB each) are compressed
 * with lz4 instead of the default pglz. pglz compression was most of the cost of storing an event; lz4
 * stores the same bodies ~2.5x faster at the same size (measured by `pnpm bench:intake`, see README
 * "Performance"). Only values written from now on change; a build without lz4 (PGlite) keeps pglz.
 */
const COLUMNS = [
  ['webhook_events', 'raw_body'],
  ['webhook_events', 'payload'],
  ['sessions', 'decision'],
  ['sessions', 'metadata'],
] as const;

async function lz4Available(db: Kysely<any>): Promise<boolean> {
  const { rows } = await sql<{ ok: boolean }>`
    select coalesce(bool_or('lz4' = any(enumvals)), false) as ok
    from pg_settings where name = 'default_toast_compression'`.execute(db);
  return rows[0]?.ok === true;
}

export async function up(db: Kysely<any>): Promise<void> {
  if (!(await lz4Available(db))) return;
  for (const [table, column] of COLUMNS) {
    await sql`alter table ${sql.table(table)} alter column ${sql.ref(column)} set compression lz4`.execute(
      db,
    );
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(await lz4Available(db))) return;
  for (const [table, column] of COLUMNS) {
    await sql`alter table ${sql.table(table)} alter column ${sql.ref(column)} set compression pglz`.execute(
      db,
    );
  }
}
