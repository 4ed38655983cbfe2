import fs from 'node:fs';
import { hashPassword } from 'api/password';
import { type ConsoleProcess, startConsole } from '../../support/console.ts';
import { openDatabase } from './pg.ts';

export const BENCH_WEBHOOK_SECRET = 'bench-webhook-secret-0f3c9a7d2e8b4c61a5f0';

/**
 * The real server (`tsx api/src/main.ts`) in production mode: a Didit API key (so no sandbox seeding), the
 * Didit API pointed at a closed port (nothing the bench measures calls it), warn-level logs.
 */
export function startBenchConsole(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<ConsoleProcess> {
  return startConsole({
    DATABASE_URL: databaseUrl,
    DIDIT_API_KEY: 'bench-api-key',
    DIDIT_WEBHOOK_SECRET: BENCH_WEBHOOK_SECRET,
    DIDIT_API_BASE_URL: 'http://127.0.0.1:9',
    RECONCILE_INTERVAL_SECONDS: '3600',
    LOG_LEVEL: 'warn',
    ...env,
  });
}

const TICKS = 100; // USER_HZ on Linux

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

export function rssMiB(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(/\d+/.exec(status.split('\n').find((l) => l.startsWith(k)) ?? '0')![0]);
  return { rss: kb('VmRSS:') / 1024, peak: kb('VmHWM:') / 1024 };
}

/**
 * The Postgres backends serving one database (their process title names it), for their CPU time, and the
 * parallel workers they lead (titled `parallel worker for PID <leader>`, without the database).
 */
function postgresBackends(database: string): number[] {
  const pids: number[] = [];
  const workers: { pid: number; leader: number }[] = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8');
      if (!cmd.startsWith('postgres: ')) continue;
      const leader = /parallel worker for PID (\d+)/.exec(cmd);
      if (leader) workers.push({ pid: Number(d), leader: Number(leader[1]) });
      else if (cmd.split(' ').includes(database)) pids.push(Number(d));
    } catch {}
  }
  const backends = new Set(pids);
  return [...pids, ...workers.filter((w) => backends.has(w.leader)).map((w) => w.pid)];
}

/** CPU used by the database's backends between two readings (backends that come and go are missed). */
export function backendCpu(database: string): () => number {
  const start = new Map(postgresBackends(database).map((p) => [p, safeCpu(p)]));
  return () => {
    let total = 0;
    for (const p of postgresBackends(database)) total += safeCpu(p) - (start.get(p) ?? 0);
    return total;
  };
}

/**
 * The same for a client whose connections come and go (`pnpm rebuild-sessions` opens its pool and ends it):
 * sampled every 100 ms while it runs, so a backend that exits is counted up to its last sample (at most
 * 100 ms of CPU missed per backend); backends first seen after the start count from zero.
 */
export function sampledBackendCpu(database: string): { stop: () => number } {
  const seen = new Map<number, { start: number; last: number }>();
  for (const p of postgresBackends(database)) {
    const c = safeCpu(p);
    seen.set(p, { start: c, last: c });
  }
  const sample = () => {
    for (const p of postgresBackends(database)) {
      const c = safeCpu(p);
      const s = seen.get(p);
      if (s) s.last = Math.max(s.last, c);
      else seen.set(p, { start: 0, last: c });
    }
  };
  const timer = setInterval(sample, 100);
  return {
    stop() {
      clearInterval(timer);
      sample();
      let total = 0;
      for (const s of seen.values()) total += s.last - s.start;
      return total;
    },
  };
}

/** Postgres's own background processes that write for every backend (WAL, checkpoints, dirty buffers). */
const AUXILIARY = [': walwriter', ': checkpointer', ': background writer'];

function auxiliaryPids(): number[] {
  const pids: number[] = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmd.startsWith('postgres: ') && AUXILIARY.some((a) => cmd.includes(a))) pids.push(Number(d));
    } catch {}
  }
  return pids;
}

/**
 * CPU of the server's WAL writer, checkpointer and background writer between two readings. They serve the
 * whole server, so anything else writing to it at the same time is counted too (say so next to the figure).
 */
export function auxiliaryCpu(): () => number {
  const start = new Map(auxiliaryPids().map((p) => [p, safeCpu(p)]));
  return () => {
    let total = 0;
    for (const p of auxiliaryPids()) total += safeCpu(p) - (start.get(p) ?? 0);
    return total;
  };
}

const safeCpu = (pid: number) => {
  try {
    return cpuSeconds(pid);
  } catch {
    return 0;
  }
};

export interface Credentials {
  email: string;
  password: string;
}

/** A reviewer account created straight in the database (as `pnpm user:create` does). */
export async function createReviewer(databaseUrl: string): Promise<Credentials> {
  const email = `bench-reviewer-${Date.now().toString(36)}@example.test`;
  const password = `bench-pw-${Math.random().toString(36).slice(2)}-x`;
  const database = await openDatabase(databaseUrl, 1);
  try {
    const { insertUser } = await import('api/users');
    await insertUser(database.db, {
      email,
      name: 'Bench Reviewer',
      roles: ['reviewer'],
      passwordHash: await hashPassword(password),
      now: new Date(),
    });
  } finally {
    await database.close();
  }
  return { email, password };
}

/** Signs in through `POST /api/auth/login`; the session cookie is all a GET needs. */
export async function loginCookie(console_: ConsoleProcess, creds: Credentials): Promise<string> {
  const res = await fetch(`${console_.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: console_.url },
    body: JSON.stringify(creds),
  });
  if (res.status !== 200) throw new Error(`login answered ${res.status}: ${await res.text()}`);
  const set = res.headers.getSetCookie().find((c) => c.startsWith('__Host-console_session='));
  if (!set) throw new Error('login set no session cookie');
  return set.split(';')[0]!;
}
