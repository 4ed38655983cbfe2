import { execSync } from 'node:child_process';
import fs from 'node:fs';
import { createDatabase, type Database } from 'api/database';
import { migrateToLatest } from 'api/migrate';
import pg from 'pg';

/** The PostgreSQL server the bench creates its databases on (never the app's own database). */
const SERVER_URL =
  process.env.BENCH_DATABASE_URL ??
  process.env.DATABASE_URL ??
  'postgres://console:console@127.0.0.1:5432/console';

export function urlFor(name: string): string {
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const ident = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
  return name;
};

export async function dropDatabase(name: string): Promise<void> {
  await admin((c) => c.query(`drop database if exists ${ident(name)} with (force)`));
}

/** A fresh, migrated database; returns its URL. */
export async function createMigratedDatabase(name: string): Promise<string> {
  await dropDatabase(name);
  await admin((c) => c.query(`create database ${ident(name)}`));
  const url = urlFor(name);
  const database = await createDatabase({ url, poolSize: 2 });
  try {
    await migrateToLatest(database.db);
  } finally {
    await database.close();
  }
  return url;
}

export async function databaseComment(name: string): Promise<string | null> {
  return admin(async (c) => {
    const { rows } = await c.query<{ c: string | null }>(
      `select shobj_description(oid, 'pg_database') as c from pg_database where datname = $1`,
      [name],
    );
    return rows[0]?.c ?? null;
  });
}

export async function setDatabaseComment(name: string, comment: string): Promise<void> {
  await admin((c) => c.query(`comment on database ${ident(name)} is ${pg.escapeLiteral(comment)}`));
}

export async function postgresVersion(): Promise<string> {
  return admin(async (c) => {
    const { rows } = await c.query<{ v: string; sb: string }>(
      `select current_setting('server_version') as v, current_setting('shared_buffers') as sb`,
    );
    return `PostgreSQL ${rows[0]!.v} (shared_buffers ${rows[0]!.sb})`;
  });
}

export function openDatabase(url: string, poolSize: number): Promise<Database> {
  return createDatabase({ url, poolSize });
}

/**
 * What "cold" can mean on this machine. `BENCH_PG_RESTART` is a shell command that restarts the bench's
 * Postgres server (e.g. `pg_ctlcluster 15 main restart`; only for a server the bench may restart, never a
 * shared one), which empties shared_buffers; `BENCH_DROP_CACHES=1` also drops the kernel's page cache
 * (`/proc/sys/vm/drop_caches`, needs root), so table and index pages come from disk.
 */
export function coldness(): string {
  const pg = process.env.BENCH_PG_RESTART
    ? 'Postgres restarted (shared_buffers empty)'
    : 'Postgres NOT restarted (BENCH_PG_RESTART unset: its buffers stay warm)';
  const os =
    process.env.BENCH_DROP_CACHES === '1'
      ? 'kernel page cache dropped'
      : 'kernel page cache kept (BENCH_DROP_CACHES unset)';
  return `${pg}, ${os}`;
}

/** Restarts Postgres and drops the page cache when configured (see `coldness`), then waits for connections. */
export async function makePostgresCold(): Promise<void> {
  if (process.env.BENCH_PG_RESTART) execSync(process.env.BENCH_PG_RESTART, { stdio: 'inherit' });
  if (process.env.BENCH_DROP_CACHES === '1') {
    execSync('sync');
    fs.writeFileSync('/proc/sys/vm/drop_caches', '3\n');
  }
  for (let i = 0; ; i++) {
    try {
      await admin((c) => c.query('select 1'));
      return;
    } catch (err) {
      if (i > 120) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
