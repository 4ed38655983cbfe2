import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/database.ts';
import type { Database } from './database.ts';

// Regression (found by test/faults postgres-restart): a Postgres restart killed the console. pg-pool only
// listens for errors on idle clients; a checked-out client (a transaction between two statements) whose
// server goes away emits 'error' with no listener, which Node turns into an uncaught exception.

let database: Database;
const serverUrl = process.env.DATABASE_URL;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

async function terminate(pid: number) {
  const admin = new pg.Client({ connectionString: database.connectionString });
  await admin.connect();
  try {
    await admin.query('select pg_terminate_backend($1)', [pid]);
  } finally {
    await admin.end();
  }
}

describe.skipIf(!serverUrl)('a server connection lost while checked out (needs a Postgres server)', () => {
  it('fails that transaction, not the process, and the pool serves the next query', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => uncaught.push(err);
    process.on('uncaughtException', onUncaught);
    try {
      const attempt = database.db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        // Between two statements, holding the connection: the moment a restart would hit.
        await terminate(rows[0]!.pid);
        await new Promise((r) => setTimeout(r, 200));
        await sql`select 1`.execute(trx);
      });
      await expect(attempt).rejects.toThrow();
      await new Promise((r) => setTimeout(r, 100));
      expect(uncaught).toEqual([]);
      const { rows } = await sql<{ ok: number }>`select 1 as ok`.execute(database.db);
      expect(rows[0]!.ok).toBe(1);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});
