import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../src/schema.ts';
import { applyEvent } from '../src/sessions/apply-event.ts';
import { eventFromDecision } from '../src/sessions/event-input.ts';

/** A session known only to the local database, for tests that must not reach Didit. */
export async function seedSession(
  db: Kysely<DB>,
  opts: { status: string; kind?: 'user' | 'business'; vendorData?: string; at?: Date },
): Promise<string> {
  const sessionId = randomUUID();
  const at = opts.at ?? new Date();
  const result = await applyEvent(
    db,
    eventFromDecision({
      source: 'refresh',
      sessionId,
      decision: {
        session_id: sessionId,
        session_kind: opts.kind ?? 'user',
        status: opts.status,
        vendor_data: opts.vendorData ?? null,
        id_verifications: [],
      },
      fetchedAt: at,
      eventKey: `fixture:${sessionId}`,
    }),
    at,
  );
  if (result.outcome !== 'applied') throw new Error(`fixture session not applied: ${result.outcome}`);
  return sessionId;
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** A JWT shaped like Didit's share token, signed with nothing Didit knows: for local checks only. */
export function fakeShareToken(claims: Record<string, unknown>): string {
  return `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}.${randomUUID().replace(/-/g, '')}`;
}
