import { promises as fs } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { Migrator } from 'kysely';

/**
 * Under tsx and vitest this module is api/src/platform/db/migrate.ts and runs the repository's `.ts` migrations;
 * compiled (`pnpm --filter api build`) it is api/dist/platform/db/migrate.js and runs the migrations compiled beside
 * it, in api/dist/migrations, so production needs no TypeScript at run time.
 */
const COMPILED = import.meta.filename.endsWith('.js');
export const MIGRATIONS_DIR = COMPILED
  ? path.resolve(import.meta.dirname, '../../migrations')
  : path.resolve(import.meta.dirname, '../../../../migrations');
const MIGRATION_FILE = COMPILED ? /^\d{4}-.*\.js$/ : /^\d{4}-.*\.ts$/;

/**
 * Kysely's FileMigrationProvider imports from inside node_modules, where neither tsx nor vitest transform
 * TypeScript; importing from here keeps the `.ts` migrations loadable under both.
 */
const provider: MigrationProvider = {
  async getMigrations() {
    const files = (await fs.readdir(MIGRATIONS_DIR)).filter((f) => MIGRATION_FILE.test(f)).sort();
    // An empty list would look like an up-to-date schema; a build without its migrations must not start.
    if (files.length === 0) throw new Error(`no migrations in ${MIGRATIONS_DIR}`);
    const out: Record<string, Migration> = {};
    for (const file of files) {
      out[file.replace(/\.[jt]s$/, '')] = await import(pathToFileURL(path.join(MIGRATIONS_DIR, file)).href);
    }
    return out;
  },
};

function migrator(db: Kysely<any>) {
  // Features land migrations in parallel; an older-named file arriving later must still apply.
  return new Migrator({ db, provider, allowUnorderedMigrations: true });
}

/** Brings the schema up to date; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const { error, results } = await migrator(db).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const what = failed ? `migration ${failed.migrationName} failed` : 'migrations failed';
    throw new Error(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function migrationStatus(db: Kysely<any>): Promise<{ pending: number }> {
  const all = await migrator(db).getMigrations();
  return { pending: all.filter((m) => m.executedAt === undefined).length };
}
