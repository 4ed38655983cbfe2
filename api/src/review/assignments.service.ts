import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/audit.service.ts';
import { AppError } from '../platform/errors.ts';
import type { DB } from '../schema.ts';
import { findUserById } from '../users/users.repository.ts';
import {
  deleteAssignment,
  findAssignmentForUpdate,
  insertAssignmentIfFree,
  lockOldestFreeCase,
  upsertAssignment,
} from './assignments.repository.ts';
import { getCaseOrThrow } from './case.repository.ts';
import { claimOrRenew } from './claims.repository.ts';
import { assertNotClaimedByOther } from './claims.service.ts';
import type { Actor, ReviewDeps } from './review.deps.ts';

export interface AssignmentView {
  session_id: string;
  assignee: { id: string; name: string } | null;
}

/** Only someone who may decide cases can have one on their desk. */
async function getAssigneeOrThrow(db: Kysely<DB>, userId: string) {
  const user = await findUserById(db, userId);
  if (!user || user.disabled || !user.roles.includes('reviewer')) {
    throw new AppError('VALIDATION', 'user_id: not an active reviewer', { user_id: userId });
  }
  return user;
}

/**
 * Puts a case on a reviewer's desk (or moves it to another). Refused while someone other than the new
 * assignee holds a live claim on it: they are working on it now.
 */
export async function assignCase(
  deps: ReviewDeps,
  actor: Actor,
  sessionId: string,
  userId: string,
): Promise<AssignmentView> {
  await getCaseOrThrow(deps.db, sessionId);
  const assignee = await getAssigneeOrThrow(deps.db, userId);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const before = await findAssignmentForUpdate(trx, sessionId);
    await assertNotClaimedByOther(trx, sessionId, [userId], now);
    if (before?.user_id === userId) return; // already theirs: nothing changes, nothing to audit
    await upsertAssignment(trx, { sessionId, userId, assignedBy: actor.id, now });
    await appendAudit(trx, {
      ...actor.audit,
      at: now,
      action: 'review.assign',
      subjectType: 'session',
      subjectId: sessionId,
      sessionId,
      before: before ? { assignee_id: before.user_id } : null,
      after: { assignee_id: userId },
    });
  });
  return { session_id: sessionId, assignee: { id: assignee.id, name: assignee.name } };
}

/** Takes a case off whoever's desk it is on; idempotent. A live claim by someone else still refuses. */
export async function unassignCase(
  deps: ReviewDeps,
  actor: Actor,
  sessionId: string,
): Promise<AssignmentView> {
  await getCaseOrThrow(deps.db, sessionId);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const before = await findAssignmentForUpdate(trx, sessionId);
    if (!before) return;
    await assertNotClaimedByOther(trx, sessionId, [actor.id, before.user_id], now);
    await deleteAssignment(trx, sessionId);
    await appendAudit(trx, {
      ...actor.audit,
      at: now,
      action: 'review.unassign',
      subjectType: 'session',
      subjectId: sessionId,
      sessionId,
      before: { assignee_id: before.user_id },
      after: null,
    });
  });
  return { session_id: sessionId, assignee: null };
}

/** Rolls back one attempt whose case another transaction took between our read and our write. */
class TakenMeanwhile extends Error {
  constructor(readonly sessionId: string) {
    super('taken meanwhile');
  }
}

const MAX_ATTEMPTS = 5;

/**
 * "Next case": assigns to the caller, and claims for them, the oldest In Review case nobody has. Two
 * reviewers asking at once get different cases (the row lock is taken with SKIP LOCKED, and the
 * assignment and claim inserts refuse a case another path took meanwhile, which we then skip).
 */
export async function takeNextCase(deps: ReviewDeps, actor: Actor): Promise<{ session_id: string }> {
  const skip: string[] = [];
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const now = deps.clock.now();
    const expiresAt = new Date(now.getTime() + deps.claimIdleMs);
    try {
      const taken = await deps.db.transaction().execute(async (trx) => {
        const row = await lockOldestFreeCase(trx, now, skip);
        if (!row) return undefined;
        const sessionId = row.session_id;
        if (!(await insertAssignmentIfFree(trx, { sessionId, userId: actor.id, now })))
          throw new TakenMeanwhile(sessionId);
        const claim = await claimOrRenew(trx, { sessionId, userId: actor.id, now, expiresAt });
        if (!claim) throw new TakenMeanwhile(sessionId);
        const audit = { ...actor.audit, at: now, subjectType: 'session', subjectId: sessionId, sessionId };
        await appendAudit(trx, {
          ...audit,
          action: 'review.assign',
          before: null,
          after: { assignee_id: actor.id },
          details: { via: 'next_case' },
        });
        await appendAudit(trx, {
          ...audit,
          action: 'review.claim',
          after: { holder_id: actor.id, expires_at: claim.expires_at.toISOString() },
          details: { via: 'next_case' },
        });
        return sessionId;
      });
      if (!taken) break;
      return { session_id: taken };
    } catch (err) {
      if (!(err instanceof TakenMeanwhile)) throw err;
      skip.push(err.sessionId);
    }
  }
  throw new AppError('NO_NEXT_CASE', 'No In Review case is waiting for a reviewer');
}
