import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { signatureHeaders } from '@console/didit/signature';
import { createSandbox, type Sandbox } from '@console/sandbox/sandbox';
import type { Role } from 'api/config';
import { createDatabase, type Database } from 'api/database';
import pg from 'pg';
import { type LoggedIn, loginAs } from '../../../api/test/auth.ts';
import {
  freshDatabase,
  randomSecret,
  type ScenarioDatabase,
  startFaultConsole,
} from '../../faults/support/harness.ts';
import type { ConsoleProcess } from '../../support/console.ts';

/** Rewrites Didit's answer for one request path (a decision, say) before the console sees it. */
type Rewrite = (body: unknown) => unknown;

/**
 * "Didit" as the console sees it: the sandbox behind a proxy that can rewrite a session's decision, so a
 * test can make Didit name any media host (the media proxy's attack surface) without a second stand-in.
 */
async function startRewritingDidit(upstream: string) {
  const rewrites = new Map<string, Rewrite>();
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) {
      if (typeof v === 'string' && !['host', 'content-length', 'connection'].includes(k)) headers.set(k, v);
    }
    const body = chunks.length ? Buffer.concat(chunks) : undefined;
    const up = await fetch(`${upstream}${req.url}`, {
      method: req.method,
      headers,
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
      redirect: 'manual',
    });
    let text = await up.text();
    const rewrite = rewrites.get((req.url ?? '').split('?')[0]!);
    if (rewrite && up.status === 200) text = JSON.stringify(rewrite(JSON.parse(text)));
    const out: Record<string, string> = {};
    up.headers.forEach((v, k) => {
      if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(k)) out[k] = v;
    });
    res.writeHead(up.status, out);
    res.end(text);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    rewriteDecision(sessionId: string, fn: Rewrite) {
      rewrites.set(`/v3/session/${sessionId}/decision/`, fn);
    },
    clearRewrites: () => rewrites.clear(),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export interface SecurityWorld {
  console: ConsoleProcess;
  url: string;
  sandbox: Sandbox;
  sandboxUrl: string;
  apiKey: string;
  didit: Awaited<ReturnType<typeof startRewritingDidit>>;
  database: Database;
  db: ScenarioDatabase;
  /** A direct connection for asserting rows (superuser). */
  sql: pg.Client;
  secret: string;
  /** Sessions the sandbox holds for the console's application, with their decisions as Didit serves them. */
  sessionIds: string[];
  /** Signs in a fresh user holding `roles` (admins with a second factor, as server mode requires). */
  as(roles: Role[]): Promise<LoggedIn>;
  /** A request from outside, with the console's own Origin (as its web app sends). */
  request(path: string, init?: RequestInit & { who?: LoggedIn }): Promise<Response>;
  /** Signs `body` with the webhook secret the console holds and posts it to the intake. */
  deliver(body: string, headers?: Record<string, string>): Promise<Response>;
  /** Didit's own decision for a session, from the sandbox. */
  decisionOf(sessionId: string): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/**
 * The console in server mode (a real DIDIT_API_KEY against a separate sandbox, a real Postgres database of
 * its own), as an outside attacker meets it. `sessions` are seeded in the sandbox and delivered to the
 * console as signed webhooks carrying their full decisions.
 */
export async function startSecurityWorld(opts: { sessions?: number; env?: Record<string, string> } = {}) {
  const sandbox = createSandbox({ seed: 14, rateLimits: false, stepDelayMs: 10 });
  const listening = await sandbox.listen();
  const app = sandbox.applications.find((a) => a.name === 'console')!;
  const sessionIds = await sandbox.seedSessions({
    application: 'console',
    count: opts.sessions ?? 6,
    kind: 'mixed',
    statuses: ['review', 'review_aml_hit', 'approve', 'decline'],
  });
  const didit = await startRewritingDidit(listening.baseUrl);
  const db = await freshDatabase('sec');
  const secret = randomSecret();
  const consoleProcess = await startFaultConsole({
    databaseUrl: db.url,
    secret,
    apiKey: app.api_key,
    diditBaseUrl: didit.url,
    env: { LOG_LEVEL: 'info', ...opts.env },
  });
  const url = consoleProcess.url;
  const database = await createDatabase({ url: db.url, poolSize: 2 });
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();

  const request = (path: string, init: RequestInit & { who?: LoggedIn } = {}) => {
    const { who, headers, ...rest } = init;
    return fetch(`${url}${path}`, {
      ...rest,
      headers: {
        origin: url,
        ...(rest.body !== undefined && typeof rest.body === 'string'
          ? { 'content-type': 'application/json' }
          : {}),
        ...(who?.headers ?? {}),
        ...((headers as Record<string, string> | undefined) ?? {}),
      },
    });
  };
  const appForLogin = {
    request: (p: string, init?: RequestInit) =>
      fetch(`${url}${p}`, { ...init, headers: { origin: url, ...(init?.headers ?? {}) } }),
  };
  const world: SecurityWorld = {
    console: consoleProcess,
    url,
    sandbox,
    sandboxUrl: listening.baseUrl,
    apiKey: app.api_key,
    didit,
    database,
    db,
    sql: client,
    secret,
    sessionIds,
    as: (roles) =>
      loginAs(appForLogin as never, database, roles, {
        totp: roles.includes('admin'),
        headers: { origin: url },
      }),
    request,
    deliver(body, headers = {}) {
      return fetch(`${url}/webhooks/didit`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...signatureHeaders(body, secret, Math.floor(Date.now() / 1000)),
          ...headers,
        },
        body,
      });
    },
    async decisionOf(sessionId) {
      const res = await fetch(`${listening.baseUrl}/v3/session/${sessionId}/decision/`, {
        headers: { 'x-api-key': app.api_key },
      });
      if (res.status !== 200) throw new Error(`decision of ${sessionId}: ${res.status}`);
      return (await res.json()) as Record<string, unknown>;
    },
    async close() {
      await consoleProcess.stop();
      await client.end();
      await database.close();
      await didit.close();
      await sandbox.close();
      await db.drop();
    },
  };
  return world;
}

/** A `status.updated` webhook carrying the session's full decision, as Didit sends it. */
export function decisionWebhook(sessionId: string, decision: Record<string, unknown>): string {
  return JSON.stringify({
    event_id: randomUUID(),
    session_id: sessionId,
    status: decision.status,
    webhook_type: 'status.updated',
    timestamp: Math.floor(Date.now() / 1000),
    created_at: Math.floor(Date.now() / 1000),
    vendor_data: decision.vendor_data ?? null,
    workflow_id: decision.workflow_id,
    session_kind: decision.session_kind,
    decision,
  });
}
