import { randomUUID } from 'node:crypto';
import { generateDecision } from '@console/sandbox/generator';
import type { Kysely } from 'kysely';
import type { Clock } from '../src/platform/clock.ts';
import type { DB } from '../src/schema.ts';
import { applyEvent } from '../src/sessions/apply-event.ts';
import { eventFromDecision } from '../src/sessions/event-input.ts';
import { createTestApp } from './app.ts';
import { loginAs } from './auth.ts';
import { createTestDatabase } from './database.ts';
import { seedDelivered, serveWithSandbox } from './records.ts';

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
 * A console listening on a loopback port with a sandbox as its Didit (records.ts `serveWithSandbox`) on a
 * database of its own: every Didit call goes through the real client, and the sandbox's signed webhooks
 * reach the console over HTTP, as in production.
 */
export async function startSandboxedConsole(opts: { env?: Record<string, string> } = {}) {
  const database = await createTestDatabase();
  const served = await serveWithSandbox(database, opts.env ?? {});
  return {
    database,
    sandbox: served.sandbox,
    app: served.app,
    /** Sessions created on the sandbox and delivered to the console through signed webhooks. */
    seed: (statuses: string[], kind: 'user' | 'business' = 'user') =>
      seedDelivered(database, served, statuses, kind),
    async close() {
      await served.close();
      await database.close();
    },
  };
}
