import type { Kysely, Selectable, Updateable } from 'kysely';
import { keysetAfter, type TimeIdKey } from '../platform/db/pagination.ts';
import type { DB } from '../schema.ts';
import type { ReviewDecisionsTable } from './review.tables.ts';

export const DECISION_STATES = ['staged', 'sending', 'sent', 'failed', 'rejected'] as const;
export type DecisionState = (typeof DECISION_STATES)[number];

export type DecisionRow = Selectable<ReviewDecisionsTable> & {
  requested_by_name: string;
  confirmed_by_name: string | null;
  rejected_by_name: string | null;
};

function selectDecisions(db: Kysely<DB>) {
  return db
    .selectFrom('review_decisions as d')
    .innerJoin('users as ru', 'ru.id', 'd.requested_by')
    .leftJoin('users as cu', 'cu.id', 'd.confirmed_by')
    .leftJoin('users as xu', 'xu.id', 'd.rejected_by')
    .selectAll('d')
    .select(['ru.name as requested_by_name', 'cu.name as confirmed_by_name', 'xu.name as rejected_by_name']);
}

export function findDecision(db: Kysely<DB>, id: string): Promise<DecisionRow | undefined> {
  return selectDecisions(db).where('d.id', '=', id).executeTakeFirst();
}

/** The case's decision that is staged or in flight, if any (at most one: a unique index). */
export function findOpenDecision(db: Kysely<DB>, sessionId: string): Promise<DecisionRow | undefined> {
  return selectDecisions(db)
    .where('d.session_id', '=', sessionId)
    .where('d.state', 'in', ['staged', 'sending'])
    .executeTakeFirst();
}

export function listSessionDecisions(db: Kysely<DB>, sessionId: string, limit = 100): Promise<DecisionRow[]> {
  return selectDecisions(db)
    .where('d.session_id', '=', sessionId)
    .orderBy('d.requested_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(limit)
    .execute();
}

/** Staged decisions oldest first, after the keyset `(requested_at, id)` when given. */
export function listStaged(
  db: Kysely<DB>,
  input: { after?: TimeIdKey | undefined; limit: number },
): Promise<DecisionRow[]> {
  let q = selectDecisions(db).where('d.state', '=', 'staged');
  const after = input.after;
  if (after) q = q.where(keysetAfter(['d.requested_at', 'd.id'], [after.at, after.id], 'asc'));
  return q.orderBy('d.requested_at', 'asc').orderBy('d.id', 'asc').limit(input.limit).execute();
}

/** A requester's four-eyes decisions (any state), newest first. */
export function listFourEyesRequestedBy(
  db: Kysely<DB>,
  userId: string,
  limit: number,
): Promise<DecisionRow[]> {
  return selectDecisions(db)
    .where('d.requested_by', '=', userId)
    .where((eb) => eb(eb.fn('cardinality', ['d.four_eyes_rules']), '>', 0))
    .orderBy('d.requested_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(limit)
    .execute();
}

/** Staged decisions someone other than `userId` requested, oldest first: what they may confirm. */
export function listStagedByOthers(db: Kysely<DB>, userId: string, limit: number): Promise<DecisionRow[]> {
  return selectDecisions(db)
    .where('d.state', '=', 'staged')
    .where('d.requested_by', '!=', userId)
    .orderBy('d.requested_at', 'asc')
    .orderBy('d.id', 'asc')
    .limit(limit)
    .execute();
}

export interface NewDecision {
  session_id: string;
  new_status: string;
  comment: string;
  reason_codes: string[];
  nodes_to_resubmit: { node_id: string; feature: string }[] | null;
  previous_status: string | null;
  four_eyes_rules: string[];
  state: 'staged' | 'sending';
  requested_by: string;
  requested_at: Date;
  request_id: string | null;
}

export async function insertDecision(db: Kysely<DB>, d: NewDecision): Promise<string> {
  const row = await db
    .insertInto('review_decisions')
    .values({
      ...d,
      nodes_to_resubmit: d.nodes_to_resubmit ? JSON.stringify(d.nodes_to_resubmit) : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * A `sending` row left behind by a process that died before Didit answered would block the case for ever
 * (the open-decision index); after `olderThan` it is closed as failed so the reviewer can try again. The
 * returning webhook, if Didit did apply it, still moves the session.
 */
export function failStaleSending(db: Kysely<DB>, sessionId: string, olderThan: Date, now: Date) {
  return db
    .updateTable('review_decisions')
    .set({
      state: 'failed',
      answered_at: now,
      error_code: 'INTERRUPTED',
      error_detail: 'No answer was recorded',
    })
    .where('session_id', '=', sessionId)
    .where('state', '=', 'sending')
    .where('requested_at', '<', olderThan)
    .where((eb) => eb.or([eb('confirmed_at', 'is', null), eb('confirmed_at', '<', olderThan)]))
    .execute();
}

/** A staged decision moves on only while it is still staged (two reviewers may answer at once): undefined otherwise. */
function leaveStaged(db: Kysely<DB>, id: string, change: Updateable<ReviewDecisionsTable>) {
  return db
    .updateTable('review_decisions')
    .set(change)
    .where('id', '=', id)
    .where('state', '=', 'staged')
    .returning('id')
    .executeTakeFirst();
}

/** staged → sending, by a second reviewer; undefined when it is no longer staged. */
export function markConfirmed(db: Kysely<DB>, id: string, input: { confirmedBy: string; now: Date }) {
  return leaveStaged(db, id, { state: 'sending', confirmed_by: input.confirmedBy, confirmed_at: input.now });
}

/** staged → rejected (or withdrawn by the requester), with the reason; undefined when it is no longer staged. */
export function markRejected(
  db: Kysely<DB>,
  id: string,
  input: { rejectedBy: string; comment: string; now: Date },
) {
  return leaveStaged(db, id, {
    state: 'rejected',
    rejected_by: input.rejectedBy,
    rejected_at: input.now,
    reject_comment: input.comment,
  });
}

/** sending → sent | failed, with what Didit answered. */
export function recordOutcome(
  db: Kysely<DB>,
  id: string,
  outcome: {
    state: 'sent' | 'failed';
    answeredAt: Date;
    diditHttpStatus: number | null;
    errorCode: string | null;
    errorDetail: string | null;
  },
) {
  return db
    .updateTable('review_decisions')
    .set({
      state: outcome.state,
      answered_at: outcome.answeredAt,
      didit_http_status: outcome.diditHttpStatus,
      error_code: outcome.errorCode,
      error_detail: outcome.errorDetail,
    })
    .where('id', '=', id)
    .where('state', '=', 'sending')
    .execute();
}
