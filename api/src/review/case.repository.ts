import type { Kysely } from 'kysely';
import { notFound } from '../platform/errors.ts';
import type { DB } from '../schema.ts';
import { sessionDecision } from '../sessions/sessions.repository.ts';

export interface CaseRow {
  session_id: string;
  /** Didit's raw string (KYC Title Case or KYB UPPER_SNAKE); null until the first event named one. */
  status: string | null;
  decision: unknown;
}

/** The session as the review features need it: its current status and the latest decision Didit sent. */
export async function getCaseOrThrow(db: Kysely<DB>, sessionId: string): Promise<CaseRow> {
  const row = await db
    .selectFrom('sessions')
    .select(['session_id', 'status', sessionDecision.as('decision')])
    .where('session_id', '=', sessionId)
    .executeTakeFirst();
  if (!row) throw notFound('Session');
  return row;
}
