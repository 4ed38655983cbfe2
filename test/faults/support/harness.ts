import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createDatabase } from 'api/database';
import pg from 'pg';
import { loginAs } from '../../../api/test/auth.ts';
import { type ConsoleProcess, createDatabaseOn, REPO, startConsole } from '../../support/console.ts';

/** The Postgres server scenarios create their databases on. CI exports DATABASE_URL; locally the default. */
const SERVER_URL =
  process.env.FAULTS_DATABASE_URL ??
  process.env.DATABASE_URL ??
  'postgres://console:console@127.0.0.1:5432/console';

export const RESULTS_DIR = process.env.FAULTS_RESULTS_DIR ?? path.join(REPO, 'test/artifacts/faults');

/** Scenario sizes, from the environment with CI-safe defaults (2 cores: thousands of events, not millions). */
export function envInt(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${v}"`);
  return n;
}

export interface ScenarioDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A database of the scenario's own on `server` (default: SERVER_URL). */
export async function freshDatabase(prefix: string, server = SERVER_URL): Promise<ScenarioDatabase> {
  const { name, url } = await createDatabaseOn(server, prefix);
  return {
    url,
    name,
    async drop() {
      if (process.env.FAULTS_KEEP_DATABASES === '1') return;
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`).catch(() => {});
      await c.end();
    },
  };
}

export interface ConsoleSetup {
  databaseUrl: string;
  secret: string;
  apiKey: string;
  diditBaseUrl: string;
  env?: Record<string, string>;
}

/** The real server process, outside sandbox mode, with the webhook secret the scenario signs with. */
export function startFaultConsole(s: ConsoleSetup): Promise<ConsoleProcess> {
  return startConsole({
    DATABASE_URL: s.databaseUrl,
    DIDIT_API_KEY: s.apiKey,
    DIDIT_WEBHOOK_SECRET: s.secret,
    DIDIT_API_BASE_URL: s.diditBaseUrl,
    LOG_LEVEL: 'warn',
    SANDBOX_SEED: 'false',
    ...s.env,
  });
}

/**
 * Signs in as an auditor against the running process (the user is created straight in its database) and
 * asks `GET /api/audit/verify`, as an auditor would.
 */
export function auditVerifier(consoleUrl: () => string, databaseUrl: string) {
  return async (): Promise<boolean> => {
    const database = await createDatabase({ url: databaseUrl, poolSize: 1 });
    try {
      const app = {
        request: (p: string, init?: RequestInit) =>
          fetch(`${consoleUrl()}${p}`, {
            ...init,
            headers: { origin: consoleUrl(), ...(init?.headers ?? {}) },
          }),
      };
      const auditor = await loginAs(app as never, database, ['auditor'], {
        headers: { origin: consoleUrl() },
      });
      const res = await fetch(`${consoleUrl()}/api/audit/verify`, { headers: auditor.headers });
      if (res.status !== 200) return false;
      const body = (await res.json()) as { ok: boolean };
      return body.ok === true;
    } finally {
      await database.close();
    }
  };
}

/** One line of the summary table. */
export interface ScenarioResult {
  scenario: string;
  events: number;
  acknowledged: number;
  /** Each count is what the scenario observed; null where it does not measure that (an empty cell). */
  lost: number | null;
  doubled: number | null;
  fiveXx: number | null;
  /** Whose 5xx `fiveXx` counts: the console's answers (default), or Didit's answers to the console. */
  fiveXxFrom?: 'console' | 'didit';
  /** Forged webhooks the scenario sent that were answered 2xx or stored. */
  forgedAccepted: number | null;
  /** How many forged webhooks were sent and answered (what `forgedAccepted` is out of). */
  forgedSent?: number;
  /** 5xx here fail the run (bad input must never cause one); in fault scenarios 503s are expected. */
  fiveXxFails: boolean;
  ms: number;
  note?: string;
  skipped?: string;
}

export function recordResult(r: ScenarioResult): void {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${r.scenario.replace(/[^a-z0-9-]+/gi, '_')}.json`);
  fs.writeFileSync(file, `${JSON.stringify(r, null, 2)}\n`);
}

/**
 * A stand-in Didit API that knows no session (404 everywhere): for scenarios that only exercise intake, so
 * the console's background jobs have somewhere harmless to call. `hold()` makes it hang every request until
 * `release()`, like a dead upstream, so jobs are caught mid-call. Scenarios about the Didit API use the sandbox.
 */
export async function startNullDidit() {
  let holding = false;
  const held = new Set<() => void>();
  let calls = 0;
  const server = http.createServer((req, res) => {
    calls++;
    req.resume();
    const answer = () => {
      if (res.destroyed) return;
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"detail":"Not found."}');
    };
    if (holding) held.add(answer);
    else answer();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  const release = () => {
    holding = false;
    for (const a of held) a();
    held.clear();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    calls: () => calls,
    held: () => held.size,
    hold() {
      holding = true;
    },
    release,
    close: () =>
      new Promise<void>((r) => {
        release();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export const randomSecret = () => randomBytes(32).toString('base64url');
