import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';

// Postgres bigint (int8) and numeric come back as strings by default; counts and ids we use fit in a double.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

export interface Database {
  db: Kysely<DB>;
  pool: pg.Pool;
  /** A URL a second client (a CLI, a benchmark) can use to reach the same database. */
  connectionString: string;
  embedded: boolean;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A Postgres server. Unset: an embedded PGlite. */
  url?: string | undefined;
  /** Where the embedded database keeps its files; `memory://` keeps nothing. */
  dataDir?: string;
  poolSize?: number;
}

export async function createDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) return connect(options.url, options.poolSize ?? 10, false, async () => {});
  return createEmbedded(options.dataDir ?? 'memory://', options.poolSize ?? 6);
}

/**
 * PGlite reached over the Postgres wire protocol on a private unix socket, so the app runs the same `pg`
 * code path as against a real server. The socket server serializes transactions across connections.
 */
async function createEmbedded(dataDir: string, poolSize: number): Promise<Database> {
  const memory = dataDir.startsWith('memory://');
  if (!memory) await fs.mkdir(dataDir, { recursive: true });
  const pglite = await PGlite.create({
    dataDir: memory ? undefined : path.join(dataDir, 'pgdata'),
    extensions: { pg_trgm },
  });
  const sockDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pgl-'));
  const server = new PGLiteSocketServer({
    db: pglite,
    path: path.join(sockDir, '.s.PGSQL.5432'),
    maxConnections: poolSize + 4,
  });
  await server.start();
  const url = `postgres://postgres@localhost/postgres?host=${encodeURIComponent(sockDir)}`;
  return connect(url, poolSize, true, async () => {
    await server.stop();
    await pglite.close();
    await fs.rm(sockDir, { recursive: true, force: true });
  });
}

async function connect(
  url: string,
  poolSize: number,
  embedded: boolean,
  onClose: () => Promise<void>,
): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its server (a Postgres restart) must not crash the process.
  pool.on('error', () => {});
  // Nor a checked-out one: pg-pool listens only while a client is idle, and a client in a transaction between
  // two statements emits 'error' with no listener. Its queries still fail; the pool drops it on release.
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  let closed = false;
  return {
    db,
    pool,
    connectionString: url,
    embedded,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      await onClose();
    },
  };
}
