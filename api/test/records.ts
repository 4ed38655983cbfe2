/**
 * The console served on a port with a real Didit sandbox beside it (its signed webhooks delivered to the
 * console, every Didit call through the real client): the records tests drive it over HTTP.
 */
import type { AddressInfo } from 'node:net';
import { DiditClient } from '@console/didit/client';
import { createSandbox, type Sandbox } from '@console/sandbox/sandbox';
import { serve } from '@hono/node-server';
import { expect } from 'vitest';
import type { Database } from '../src/platform/db/database.ts';
import { createTestApp } from './app.ts';
import type { LoggedIn } from './auth.ts';

export interface Served {
  app: ReturnType<typeof createTestApp>;
  sandbox: Sandbox;
  url: string;
  close(): Promise<void>;
}

export async function serveWithSandbox(
  database: Database,
  env: Record<string, string> = {},
): Promise<Served> {
  let webhookSecret: string | undefined;
  const sandbox = createSandbox({ stepDelayMs: 20, webhookRetryDelaysMs: [100, 300], rateLimits: false });
  await sandbox.listen();
  const apiKey = sandbox.applications.find((a) => a.name === 'console')!.api_key;
  const app = createTestApp(database, {
    env,
    didit: new DiditClient({ baseUrl: sandbox.baseUrl(), apiKey, timeoutMs: 5000 }),
    webhookSecret: () => webhookSecret,
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const res = await fetch(`${sandbox.baseUrl()}/v3/webhook/destinations/`, {
    method: 'POST',
    headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({
      label: 'records tests',
      url: `${url}/webhooks/didit`,
      subscribed_events: ['status.updated', 'data.updated'],
    }),
  });
  expect(res.status).toBe(201);
  webhookSecret = ((await res.json()) as { secret_shared_key: string }).secret_shared_key;
  return {
    app,
    sandbox,
    url,
    async close() {
      await sandbox.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** One console request over HTTP as a signed-in user. */
export function httpAs(served: Served) {
  return (who: LoggedIn, method: string, path: string, body?: unknown) =>
    fetch(`${served.url}${path}`, {
      method,
      headers: { ...who.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
}

/** Sessions created on the sandbox and delivered to the console through signed webhooks. */
export async function seedDelivered(
  database: Database,
  served: Served,
  statuses: string[],
  kind: 'user' | 'business' = 'user',
): Promise<string[]> {
  const ids = await served.sandbox.seedSessions({
    application: 'console',
    count: statuses.length,
    statuses,
    kind,
    deliver: true,
  });
  await served.sandbox.idle();
  for (const id of ids) {
    const row = await database.db
      .selectFrom('sessions')
      .select('session_id')
      .where('session_id', '=', id)
      .executeTakeFirst();
    expect(row, `session ${id} synced`).toBeDefined();
  }
  return ids;
}
