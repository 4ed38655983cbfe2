import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSandbox, type Sandbox, type SandboxOptions } from '../src/sandbox.ts';

/** Helpers for the sandbox's own tests: a listening sandbox, a fetch bound to a key, a webhook receiver. */

export interface Running {
  sandbox: Sandbox;
  base: string;
  keyOf(name: string): string;
  appId(name: string): string;
  workflow(name: string, kind: 'user' | 'business'): string;
  call(
    method: string,
    path: string,
    opts?: { key?: string | null; body?: unknown; raw?: string },
  ): Promise<Response>;
  json<T = any>(
    method: string,
    path: string,
    opts?: { key?: string | null; body?: unknown },
  ): Promise<{ status: number; body: T; res: Response }>;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Running> {
  const sandbox = createSandbox({
    stepDelayMs: 20,
    webhookRetryDelaysMs: [30, 60],
    webhookTimeoutMs: 300,
    // The sandbox's own tests compare delivery sequences: hold each session's events in order.
    orderedDelivery: true,
    ...options,
  });
  const { baseUrl } = await sandbox.listen();
  const app = (name: string) => sandbox.applications.find((a) => a.name === name)!;
  const call: Running['call'] = (method, path, opts = {}) => {
    const headers: Record<string, string> = {};
    const key = opts.key === undefined ? app('console').api_key : opts.key;
    if (key !== null) headers['x-api-key'] = key;
    let body: string | undefined;
    if (opts.raw !== undefined) body = opts.raw;
    else if (opts.body !== undefined) body = JSON.stringify(opts.body);
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${baseUrl}${path}`, { method, headers, body, redirect: 'manual' });
  };
  return {
    sandbox,
    base: baseUrl,
    keyOf: (name) => app(name).api_key,
    appId: (name) => app(name).application_id,
    workflow: (name, kind) => app(name).workflows.find((w) => w.session_kind === kind)!.workflow_id,
    call,
    async json(method, path, opts) {
      const res = await call(method, path, opts);
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined, res };
    },
    close: () => sandbox.close(),
  };
}

interface Received {
  raw: Buffer;
  headers: IncomingHttpHeaders;
  body: any;
}

/** A local HTTP server standing in for the console's webhook endpoint; `respond` picks each status. */
export async function startReceiver(
  respond: (n: number, r: Received) => number | 'hang' = () => 200,
): Promise<{
  url: string;
  received: Received[];
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const r: Received = { raw, headers: req.headers, body: JSON.parse(raw.toString('utf8')) };
      received.push(r);
      const answer = respond(received.length, r);
      if (answer === 'hang') return;
      res.writeHead(answer, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/didit`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The console's stand-in webhook endpoint (`startReceiver`). */
export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/**
 * A sandbox with a receiver registered as its `label` destination for `events`; `close` stops both (a
 * file-wide one is returned from `beforeAll`, which vitest runs after the file's tests).
 */
export async function startWithReceiver(
  events: string[],
  options: SandboxOptions = {},
  label = 'console',
  respond?: Parameters<typeof startReceiver>[0],
) {
  const s = await startSandbox(options);
  const receiver = await startReceiver(respond);
  const dest = await s.json('POST', '/v3/webhook/destinations/', {
    body: { label, url: receiver.url, subscribed_events: events },
  });
  if (dest.status !== 201) throw new Error(`destination not created: ${dest.status}`);
  const close = async () => {
    await receiver.close();
    await s.close();
  };
  return {
    s,
    receiver,
    secret: dest.body.secret_shared_key as string,
    destId: dest.body.uuid as string,
    close,
  };
}

/**
 * A sandbox with a receiver registered as its `status.updated` destination; both closers go on `cleanup`
 * (the caller's afterEach empties it).
 */
export async function sandboxWithReceiver(
  cleanup: (() => Promise<void>)[],
  respond: Parameters<typeof startReceiver>[0],
  options: SandboxOptions = {},
  label = 'console',
) {
  const started = await startWithReceiver(['status.updated'], options, label, respond);
  cleanup.push(started.close);
  return started;
}

/** One new session (Not Started) whose status.updated goes out, then every delivery settled. */
export async function deliverOne(s: Running) {
  await s.sandbox.seedSessions({
    application: 'console',
    count: 1,
    statuses: ['Not Started'],
    deliver: true,
  });
  await s.sandbox.idle();
}

export async function waitFor<T>(fn: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error('waitFor: timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
