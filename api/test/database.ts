import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDatabase, type Database } from '../src/platform/db/database.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';

/**
 * A database of this test file's own, migrated: a fresh database on the server in DATABASE_URL, or an
 * in-memory PGlite when it is unset. `close()` drops it.
 */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<Database> {
  const serverUrl = process.env.DATABASE_URL;
  let database: Database;
  let drop = async () => {};
  if (serverUrl) {
    const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    database = await createDatabase({ url: url.toString(), poolSize: 10 });
    drop = async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  } else {
    database = await createDatabase({ dataDir: 'memory://' });
  }
  if (options.migrate !== false) await migrateToLatest(database.db);
  const close = database.close;
  return {
    ...database,
    async close() {
      await close();
      await drop();
    },
  };
}
