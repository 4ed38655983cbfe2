import { promises as fs } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Kysely, type Migration, Migrator } from 'kysely';
import type { Database } from '../src/platform/db/database.ts';
import { MIGRATIONS_DIR } from '../src/platform/db/migrate.ts';
import { createTestDatabase } from './database.ts';

/** The repository's migrations named before `until` (and `until` itself with `including`), in order. */
async function migrationsBefore(until: string, including: boolean): Promise<Record<string, Migration>> {
  const files = (await fs.readdir(MIGRATIONS_DIR)).filter((f) => /^\d{4}-.*\.ts$/.test(f)).sort();
  const names = files
    .map((f) => f.replace(/\.ts$/, ''))
    .filter((n) => n < until || (including && n === until));
  const out: Record<string, Migration> = {};
  for (const name of names)
    out[name] = await import(pathToFileURL(path.join(MIGRATIONS_DIR, `${name}.ts`)).href);
  return out;
}

/** A migrator over the migrations up to `until` (included): `migrateDown()` undoes `until` once it ran. */
export async function migratorUpTo(db: Kysely<any>, until: string): Promise<Migrator> {
  return new Migrator({ db, provider: { getMigrations: () => migrationsBefore(until, true) } });
}

/**
 * A test database migrated to just before the migration `until`, to store data as the code before it did and
 * then run it (`migrateToLatest`).
 */
export async function createTestDatabaseBefore(until: string): Promise<Database> {
  const database = await createTestDatabase({ migrate: false });
  const migrations = await migrationsBefore(until, false);
  const { error } = await new Migrator({
    db: database.db,
    provider: { getMigrations: async () => migrations },
  }).migrateTo(Object.keys(migrations).at(-1)!);
  if (error) throw error;
  return database;
}
