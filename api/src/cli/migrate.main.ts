import { parseConfig } from '../platform/config.ts';
import { createDatabase } from '../platform/db/database.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';

/** `pnpm migrate`: applies pending migrations, with DATABASE_MIGRATION_URL (the owner role) when set. */
const config = parseConfig(process.env);
const database = await createDatabase({
  url: config.database.migrationUrl ?? config.database.url,
  dataDir: config.database.dataDir,
});
try {
  const applied = await migrateToLatest(database.db);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
} finally {
  await database.close();
}
