import { randomUUID } from 'node:crypto';
import { generateDecision } from '@console/sandbox/generator';
import type { Kysely } from 'kysely';
import type { DB } from '../src/schema.ts';
import { applyEvent } from '../src/sessions/apply-event.ts';
import { eventFromDecision } from '../src/sessions/event-input.ts';

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
