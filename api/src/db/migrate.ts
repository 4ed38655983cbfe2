import { promises as fs } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { Migrator } from 'kysely';

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../../migrations');

/**
 * Kysely's FileMigrationProvider imports from inside node_modules, where neither tsx nor vitest transform
 * TypeScript; importing from here keeps the `.ts` migrations loadable under both.
 */
const provider: MigrationProvider = {
  async getMigrations() {
    const files = (await fs.readdir(MIGRATIONS_DIR)).filter((f) => /^\d{4}-.*\.ts$/.test(f)).sort();
    const out: Record<string, Migration> = {};
    for (const file of files) {
      out[file.replace(/\.ts$/, '')] = await import(pathToFileURL(path.join(MIGRATIONS_DIR, file)).href);
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
