import { type Kysely, sql } from 'kysely';
import type { DB } from '../schema.ts';
import { storedPayload } from '../sessions/events.repository.ts';
import { FOLDED_STATES } from '../sessions/sessions.tables.ts';

/** What four-eyes needs from a case's past, not only from its current state. */
export interface CaseHistory {
  /** Declined (by Didit's events or a decision we sent) after the last approval, whatever it shows now. */
  declinedSinceApproval: boolean;
  /** Some AML hit was a confirmed match at some point: in any decision Didit sent, or as we set it. */
  amlHitEverConfirmed: boolean;
}

const CONFIRMED_PATH = 'lax $.** ? (@.review_status == "Confirmed Match")';

export async function getCaseHistory(db: Kysely<DB>, sessionId: string): Promise<CaseHistory> {
  // The session's events, newest first (webhook_events_session_idx).
  const statuses = await db
    .selectFrom('webhook_events')
    .select('status_key')
    .where('session_id', '=', sessionId)
    .where('apply_state', 'in', FOLDED_STATES)
    .where('status_key', 'in', ['APPROVED', 'DECLINED'])
    .orderBy('occurred_at', 'desc')
    .orderBy('tiebreak', 'desc')
    .limit(1)
    .executeTakeFirst();
  const sent = await db
    .selectFrom('review_decisions')
    .select('new_status')
    .where('session_id', '=', sessionId)
    .where('state', '=', 'sent')
    .where('new_status', 'in', ['Approved', 'Declined'])
    .orderBy('answered_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const confirmed = await db
    .selectNoFrom((eb) => [
      eb
        .exists(
          eb
            .selectFrom('webhook_events')
            .select(sql`1`.as('one'))
            .where('session_id', '=', sessionId)
            .where(
              sql<boolean>`jsonb_path_exists(${storedPayload('webhook_events')}, ${CONFIRMED_PATH}::jsonpath)`,
            ),
        )
        .as('in_events'),
      eb
        .exists(
          eb
            .selectFrom('audit_log')
            .select(sql`1`.as('one'))
            .where('session_id', '=', sessionId)
            .where('action', '=', 'review.aml_hit')
            .where(sql<boolean>`"after"->>'review_status' = 'Confirmed Match'`),
        )
        .as('in_audit'),
    ])
    .executeTakeFirstOrThrow();
  return {
    declinedSinceApproval: statuses?.status_key === 'DECLINED' || sent?.new_status === 'Declined',
    amlHitEverConfirmed: Boolean(confirmed.in_events) || Boolean(confirmed.in_audit),
  };
}
