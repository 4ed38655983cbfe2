import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from '../../schema.ts';

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
  /** Connections to a Postgres server; the embedded database always uses one (see createEmbedded). */
  poolSize?: number;
}

export async function createDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) return connect(options.url, options.poolSize ?? 10, false, async () => {});
  return createEmbedded(options.dataDir ?? 'memory://');
}

/**
 * PGlite reached over the Postgres wire protocol on a private unix socket, so the app runs the same `pg`
 * code path as against a real server.
 *
 * One connection only: pglite-socket queues each protocol *message* separately and interleaves
 * connections between them outside a transaction, so a second connection's Parse can replace the
 * unnamed statement between another's Parse and Bind ("unnamed prepared statement does not exist", or
 * worse, the wrong statement bound). PGlite runs one query at a time anyway; the pool queues callers.
 */
async function createEmbedded(dataDir: string): Promise<Database> {
  const memory = dataDir.startsWith('memory://');
  let releaseLock = async () => {};
  if (!memory) {
    await fs.mkdir(dataDir, { recursive: true });
    releaseLock = await lockDataDir(dataDir);
  }
  const pglite = await PGlite.create({
    dataDir: memory ? undefined : path.join(dataDir, 'pgdata'),
    extensions: { pg_trgm, unaccent },
  });
  const sockDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pgl-'));
  const server = new PGLiteSocketServer({
    db: pglite,
    path: path.join(sockDir, '.s.PGSQL.5432'),
    maxConnections: 2,
  });
  await server.start();
  const url = `postgres://postgres@localhost/postgres?host=${encodeURIComponent(sockDir)}`;
  return connect(url, 1, true, async () => {
    await server.stop();
    await pglite.close();
    await fs.rm(sockDir, { recursive: true, force: true });
    await releaseLock();
  });
}

/**
 * PGlite's files must have one owner: a second process (a CLI while the console runs) would corrupt them.
 * The lock names its holder; a lock left by a dead process is taken over.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const lockPath = path.join(dataDir, 'embedded-postgres.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await fs.writeFile(lockPath, String(process.pid), { flag: 'wx' });
      return async () => {
        await fs.rm(lockPath, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number.parseInt(await fs.readFile(lockPath, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
        throw new Error(
          `the embedded database in ${dataDir} is in use by process ${holder}; stop it first (or set DATABASE_URL)`,
        );
      }
      await fs.rm(lockPath, { force: true });
    }
  }
  throw new Error(`could not lock the embedded database in ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
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
