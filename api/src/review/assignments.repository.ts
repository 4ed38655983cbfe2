import { type Kysely, sql } from 'kysely';
import type { DB } from '../schema.ts';

export interface AssignmentRow {
  session_id: string;
  user_id: string;
  user_name: string;
  assigned_by: string;
  assigned_at: Date;
}

export function findAssignment(db: Kysely<DB>, sessionId: string): Promise<AssignmentRow | undefined> {
  return db
    .selectFrom('session_assignments as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.session_id', 'a.user_id', 'u.name as user_name', 'a.assigned_by', 'a.assigned_at'])
    .where('a.session_id', '=', sessionId)
    .executeTakeFirst();
}

/** Locks the case's assignment row (if any) for the caller's transaction. */
export function findAssignmentForUpdate(db: Kysely<DB>, sessionId: string) {
  return db
    .selectFrom('session_assignments')
    .select(['session_id', 'user_id', 'assigned_at'])
    .where('session_id', '=', sessionId)
    .forUpdate()
    .executeTakeFirst();
}

export async function upsertAssignment(
  db: Kysely<DB>,
  input: { sessionId: string; userId: string; assignedBy: string; now: Date },
): Promise<void> {
  await db
    .insertInto('session_assignments')
    .values({
      session_id: input.sessionId,
      user_id: input.userId,
      assigned_by: input.assignedBy,
      assigned_at: input.now,
    })
    .onConflict((oc) =>
      oc.column('session_id').doUpdateSet({
        user_id: input.userId,
        assigned_by: input.assignedBy,
        assigned_at: input.now,
      }),
    )
    .execute();
}

/** Inserts only when nobody has the case yet; false when another transaction assigned it first. */
export async function insertAssignmentIfFree(
  db: Kysely<DB>,
  input: { sessionId: string; userId: string; now: Date },
): Promise<boolean> {
  const row = await db
    .insertInto('session_assignments')
    .values({
      session_id: input.sessionId,
      user_id: input.userId,
      assigned_by: input.userId,
      assigned_at: input.now,
    })
    .onConflict((oc) => oc.column('session_id').doNothing())
    .returning('session_id')
    .executeTakeFirst();
  return row !== undefined;
}

export function deleteAssignment(db: Kysely<DB>, sessionId: string) {
  return db
    .deleteFrom('session_assignments')
    .where('session_id', '=', sessionId)
    .returning(['session_id', 'user_id'])
    .executeTakeFirst();
}

/**
 * The oldest In Review case nobody has (no assignment, no live claim, no decision staged, in flight, or sent
 * since its last event),
 * locked for the caller's transaction. `SKIP LOCKED` lets two reviewers asking at once each take a
 * different case instead of queueing behind the same row. Walks sessions_status_order_idx
 * (status_key, sort_at, session_id) oldest first.
 */
export function lockOldestFreeCase(db: Kysely<DB>, now: Date, skip: readonly string[] = []) {
  let q = db
    .selectFrom('sessions as s')
    .select(['s.session_id', 's.status'])
    .where('s.status_key', '=', 'IN_REVIEW')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('session_assignments as a')
            .select(sql`1`.as('one'))
            .whereRef('a.session_id', '=', 's.session_id'),
        ),
      ),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('session_claims as c')
            .select(sql`1`.as('one'))
            .whereRef('c.session_id', '=', 's.session_id')
            .where('c.expires_at', '>', now),
        ),
      ),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('review_decisions as d')
            .select(sql`1`.as('one'))
            .whereRef('d.session_id', '=', 's.session_id')
            // A decision sent to Didit whose webhook has not moved the case yet: decided, not free.
            .where((eb) =>
              eb.or([
                eb('d.state', 'in', ['staged', 'sending']),
                eb.and([eb('d.state', '=', 'sent'), eb('d.requested_at', '>=', eb.ref('s.last_event_at'))]),
              ]),
            ),
        ),
      ),
    );
  if (skip.length) q = q.where('s.session_id', 'not in', skip);
  return q
    .orderBy('s.sort_at')
    .orderBy('s.session_id')
    .limit(1)
    .forUpdate('s')
    .skipLocked()
    .executeTakeFirst();
}
