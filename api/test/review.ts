import { randomUUID } from 'node:crypto';
import { generateDecision } from '@console/sandbox/generator';
import type { Sandbox } from '@console/sandbox/sandbox';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll } from 'vitest';
import type { DB } from '../src/schema.ts';
import { applyEvent } from '../src/sessions/apply-event.ts';
import { eventFromDecision } from '../src/sessions/event-input.ts';
import { sessionDecision } from '../src/sessions/sessions.repository.ts';
import { type AccountSpec, sendAs, signInAccounts, type TestContext } from './app.ts';
import type { LoggedIn } from './auth.ts';
import { createTestDatabase } from './database.ts';
import { httpAs, type Served, seedDelivered, serveWithSandbox } from './records.ts';

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

/** Alice and Bob, the two reviewers most review tests sign in (`useTestApp`'s accounts). */
export const TWO_REVIEWERS: Record<'alice' | 'bob', AccountSpec> = {
  alice: [['reviewer'], { name: 'Alice Reviewer' }],
  bob: [['reviewer'], { name: 'Bob Reviewer' }],
};

const reviewRow = (db: Kysely<DB>, id: string) =>
  db
    .selectFrom('sessions')
    .select(['status', 'aml_unreviewed_hits'])
    .select(sessionDecision.as('decision'))
    .where('session_id', '=', id)
    .executeTakeFirst();

/** `useTestApp`'s context with the sandbox the console talks to, and what tests do with it. */
export interface SandboxedContext<A extends string = never> extends TestContext<A> {
  sandbox: Sandbox;
  /** The console's base URL on its loopback port. */
  url: string;
  /** A request over HTTP to that port as a signed-in user (`send` makes it in-process). */
  http(who: LoggedIn, method: string, path: string, body?: unknown): Promise<Response>;
  /** Sessions created on the sandbox and delivered to the console through signed webhooks. */
  seed(statuses: string[], kind?: 'user' | 'business'): Promise<string[]>;
  /** The session's row: its status, unreviewed AML hits and Didit's decision. */
  sessionRow(id: string): ReturnType<typeof reviewRow>;
  /** Waits (5 s at most) for the sandbox's webhook to bring the session to `status`. */
  untilStatus(id: string, status: string): Promise<void>;
}

/**
 * `useTestApp` with a sandbox as the console's Didit (records.ts `serveWithSandbox`): the console listens
 * on a loopback port, every Didit call goes through the real client, and the sandbox's signed webhooks
 * reach the console over HTTP, as in production.
 */
export function useSandboxedConsole<const A extends string = never>(
  options: { env?: Record<string, string> } = {},
  accounts: Record<A, AccountSpec> = {} as Record<A, AccountSpec>,
): SandboxedContext<A> {
  let served: Served | undefined;
  const ctx: SandboxedContext<A> = {
    as: {} as Record<A, LoggedIn>,
    send: (who, method, path, body) => sendAs(ctx.app, who, method, path, body),
    http: (who, method, path, body) => httpAs(served!)(who, method, path, body),
    seed: (statuses, kind = 'user') => seedDelivered(ctx.database, served!, statuses, kind),
    sessionRow: (id) => reviewRow(ctx.database.db, id),
    async untilStatus(id, status) {
      for (let i = 0; i < 100; i++) {
        await ctx.sandbox.idle();
        if ((await ctx.sessionRow(id))?.status === status) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`session never reached ${status}; it is ${(await ctx.sessionRow(id))?.status}`);
    },
  } as SandboxedContext<A>;
  beforeAll(async () => {
    ctx.database = await createTestDatabase();
    served = await serveWithSandbox(ctx.database, options.env ?? {});
    ctx.app = served.app;
    ctx.sandbox = served.sandbox;
    ctx.url = served.url;
    ctx.as = await signInAccounts(ctx.app, ctx.database, accounts);
  });
  afterAll(async () => {
    await served?.close();
    await ctx.database?.close();
  });
  return ctx;
}
