import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export const REPO = path.resolve(import.meta.dirname, '../..');

export interface ConsoleProcess {
  url: string;
  child: ChildProcess;
  dataDir: string;
  /** The console's own database on the Postgres server (DATABASE_URL); undefined on an embedded one. */
  databaseUrl: string | undefined;
  logs: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** A TCP port free on the loopback interface (the system picks it; it is closed again for the caller). */
export async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/**
 * With DATABASE_URL set (CI's Postgres server), each console gets a fresh database of its own so test
 * files never share state; unset, each gets an embedded database in its own DATA_DIR.
 */
async function freshDatabaseUrl(): Promise<string | undefined> {
  const server = process.env.DATABASE_URL;
  return server ? (await createDatabaseOn(server, 'e2e')).url : undefined;
}

/** Creates an empty database `<prefix>_<time>_<random>` on the Postgres server at `server`. */
export async function createDatabaseOn(
  server: string,
  prefix: string,
): Promise<{ name: string; url: string }> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

/**
 * Starts the real server as a child process and waits for /readyz: the TypeScript sources through tsx, or
 * with `compiled` the production build (`node api/dist/main.js`, made by `pnpm --filter api build`).
 */
export async function startConsole(
  env: Record<string, string> = {},
  { compiled = false }: { compiled?: boolean } = {},
): Promise<ConsoleProcess> {
  const port = await freePort();
  const databaseUrl = env.DATABASE_URL ?? (await freshDatabaseUrl());
  const dataDir = env.DATA_DIR ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'console-')));
  // CONSOLE_NODE_FLAGS: extra flags for the server's node (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to
  // profile it under a benchmark; NODE_OPTIONS refuses those).
  const flags = (process.env.CONSOLE_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const entry = compiled
    ? [path.join(REPO, 'api/dist/main.js')]
    : ['--conditions=source', '--import', 'tsx', path.join(REPO, 'api/src/main.ts')];
  const child = spawn(process.execPath, [...flags, ...entry], {
    cwd: REPO,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      // The suites sign in with the demo accounts; on a Postgres server a sandbox start creates them only
      // when asked (the contract's DEMO_ACCOUNTS=1). A server-mode start never gets them.
      ...(databaseUrl && !env.DIDIT_API_KEY && !process.env.DIDIT_API_KEY ? { DEMO_ACCOUNTS: '1' } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`console exited with ${child.exitCode}:\n${out}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.status === 200) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`console did not become ready:\n${out}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    child,
    dataDir,
    databaseUrl,
    logs: () => out,
    stop(signal = 'SIGTERM') {
      // A process killed by a signal has a signalCode and no exitCode; its 'exit' has already fired.
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
      return new Promise((resolve) => {
        child.once('exit', (code) => resolve(code));
        child.kill(signal);
      });
    },
  };
}

export async function withConsole<T>(
  env: Record<string, string>,
  fn: (c: ConsoleProcess) => Promise<T>,
): Promise<T> {
  const c = await startConsole(env);
  try {
    return await fn(c);
  } finally {
    await c.stop();
  }
}
