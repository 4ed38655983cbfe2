import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { DiditClient } from '@console/didit/client';
import { generateDecision } from '@console/sandbox/generator';
import { createSandbox } from '@console/sandbox/sandbox';
import { serve } from '@hono/node-server';
import type { Kysely } from 'kysely';
import type { Clock } from '../src/platform/clock.ts';
import type { DB } from '../src/schema.ts';
import { applyEvent } from '../src/sessions/apply-event.ts';
import { eventFromDecision } from '../src/sessions/event-input.ts';
import { createTestApp } from './app.ts';
import { loginAs } from './auth.ts';
import { createTestDatabase } from './database.ts';

let number = 1000;

/**
 * A session known only to the local database (Didit has never heard of it), with a realistic decision from
 * the sandbox's generator. For tests that must not reach Didit.
 */
export async function seedLocalCase(
  db: Kysely<DB>,
  opts: { status?: string; kind?: 'user' | 'business'; decision?: Record<string, unknown>; at?: Date } = {},
): Promise<{ sessionId: string; decision: Record<string, unknown> }> {
  const sessionId = randomUUID();
  const status = opts.status ?? 'In Review';
  const decision =
    opts.decision ??
    (generateDecision({
      sessionId,
      sessionNumber: number++,
      kind: opts.kind ?? 'user',
      status,
      workflowId: randomUUID(),
    }) as Record<string, unknown>);
  const at = opts.at ?? new Date();
  const result = await applyEvent(
    db,
    eventFromDecision({
      source: 'refresh',
      sessionId,
      decision: { ...decision, session_id: sessionId, status },
      fetchedAt: at,
      eventKey: `fixture:${sessionId}`,
    }),
    at,
  );
  if (result.outcome !== 'applied') throw new Error(`fixture session not applied: ${result.outcome}`);
  return { sessionId, decision: { ...decision, session_id: sessionId, status } };
}

/** A console on its own database at a fixed clock, with two reviewers signed in (Alice and Bob). */
export async function startReviewConsole(clock: Clock) {
  const database = await createTestDatabase();
  const app = createTestApp(database, { clock });
  const now = clock.now();
  const alice = await loginAs(app, database, ['reviewer'], { name: 'Alice Reviewer', now });
  const bob = await loginAs(app, database, ['reviewer'], { name: 'Bob Reviewer', now });
  return { database, app, alice, bob, now };
}

/**
 * A console listening on a loopback port with a sandbox as its Didit: every Didit call goes through the real
 * client, and the sandbox delivers its signed webhooks to the console over HTTP, as in production.
 */
export async function startSandboxedConsole(opts: { env?: Record<string, string>; label?: string } = {}) {
  const database = await createTestDatabase();
  const sandbox = createSandbox({ stepDelayMs: 20, webhookRetryDelaysMs: [100, 300], rateLimits: false });
  await sandbox.listen();
  const apiKey = sandbox.applications.find((a) => a.name === 'console')!.api_key;
  let webhookSecret: string | undefined;
  const app = createTestApp(database, {
    ...(opts.env ? { env: opts.env } : {}),
    didit: new DiditClient({ baseUrl: sandbox.baseUrl(), apiKey, timeoutMs: 5000 }),
    webhookSecret: () => webhookSecret,
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const consoleUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const res = await fetch(`${sandbox.baseUrl()}/v3/webhook/destinations/`, {
    method: 'POST',
    headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({
      label: opts.label ?? 'review tests',
      url: `${consoleUrl}/webhooks/didit`,
      subscribed_events: ['status.updated', 'data.updated'],
    }),
  });
  if (res.status !== 201) throw new Error(`sandbox refused the webhook destination: ${res.status}`);
  webhookSecret = ((await res.json()) as { secret_shared_key: string }).secret_shared_key;

  return {
    database,
    sandbox,
    app,
    apiKey,
    /** Sessions created on the sandbox and delivered to the console through signed webhooks. */
    async seed(statuses: string[], kind: 'user' | 'business' = 'user'): Promise<string[]> {
      const ids = await sandbox.seedSessions({
        application: 'console',
        count: statuses.length,
        statuses,
        kind,
        deliver: true,
      });
      await sandbox.idle();
      for (const id of ids) {
        const row = await database.db
          .selectFrom('sessions')
          .select('session_id')
          .where('session_id', '=', id)
          .executeTakeFirst();
        if (!row) throw new Error(`session ${id} was not delivered to the console`);
      }
      return ids;
    },
    async close() {
      await sandbox.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database.close();
    },
  };
}
