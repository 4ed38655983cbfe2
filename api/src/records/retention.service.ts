import type { DiditClient } from '@console/didit/client';
import { isDiditError } from '@console/didit/errors';
import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/audit.service.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { toAppError } from '../platform/http/didit-errors.ts';
import type { Actor } from '../review/review.deps.ts';
import type { DB } from '../schema.ts';
import { refoldSession } from '../sessions/events.repository.ts';
import { requireDidit } from '../sessions/fetch-decision.ts';
import {
  deleteLegalHold,
  findErasure,
  findLegalHold,
  insertErasure,
  insertLegalHold,
  lockCase,
  redactSessionCopies,
  redactSessionEvents,
} from './records.repository.ts';

export interface RecordsDeps {
  db: Kysely<DB>;
  didit: DiditClient | undefined;
  clock: Clock;
}

export interface RetentionView {
  legal_hold: { reason: string; set_by: { id: string; name: string } | null; set_at: string } | null;
  erasure: {
    reason: string;
    erased_by: { id: string; name: string } | null;
    erased_at: string;
    didit_outcome: 'deleted' | 'already_gone';
    events_redacted: number;
  } | null;
}

const person = (id: string | null, name: string | null) => (id ? { id, name: name ?? '' } : null);

export async function getRetention(db: Kysely<DB>, sessionId: string): Promise<RetentionView> {
  const [hold, erasure] = await Promise.all([findLegalHold(db, sessionId), findErasure(db, sessionId)]);
  return {
    legal_hold: hold
      ? {
          reason: hold.reason,
          set_by: person(hold.set_by, hold.set_by_name),
          set_at: hold.set_at.toISOString(),
        }
      : null,
    erasure: erasure
      ? {
          reason: erasure.reason,
          erased_by: person(erasure.erased_by, erasure.erased_by_name),
          erased_at: erasure.erased_at.toISOString(),
          didit_outcome: erasure.didit_outcome,
          events_redacted: erasure.events_redacted,
        }
      : null,
  };
}

/** Case must exist here; the lock serializes holds and erasures of one case. */
async function lockOrThrow(trx: Kysely<DB>, sessionId: string) {
  const row = await lockCase(trx, sessionId);
  if (!row) throw notFound('Session');
  return row;
}

export async function setLegalHold(
  deps: RecordsDeps,
  actor: Actor,
  sessionId: string,
  reason: string,
): Promise<RetentionView> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await lockOrThrow(trx, sessionId);
    if (await findErasure(trx, sessionId)) {
      throw new AppError('SESSION_ERASED', 'This case was erased; there is nothing left to hold');
    }
    if (await findLegalHold(trx, sessionId)) {
      throw new AppError('LEGAL_HOLD_ALREADY_SET', 'This case is already under a legal hold');
    }
    await insertLegalHold(trx, { sessionId, reason, setBy: actor.id, at: now });
    await appendAudit(trx, {
      ...actor.audit,
      at: now,
      action: 'records.legal_hold_set',
      subjectType: 'session',
      subjectId: sessionId,
      sessionId,
      after: { legal_hold: true },
      details: { reason },
    });
  });
  return getRetention(deps.db, sessionId);
}

export async function releaseLegalHold(
  deps: RecordsDeps,
  actor: Actor,
  sessionId: string,
  reason: string,
): Promise<RetentionView> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await lockOrThrow(trx, sessionId);
    const hold = await findLegalHold(trx, sessionId);
    if (!hold) throw new AppError('LEGAL_HOLD_NOT_SET', 'This case is not under a legal hold');
    await deleteLegalHold(trx, sessionId);
    await appendAudit(trx, {
      ...actor.audit,
      at: now,
      action: 'records.legal_hold_released',
      subjectType: 'session',
      subjectId: sessionId,
      sessionId,
      before: {
        legal_hold: true,
        reason: hold.reason,
        set_by: hold.set_by,
        set_at: hold.set_at.toISOString(),
      },
      after: { legal_hold: false },
      details: { reason },
    });
  });
  return getRetention(deps.db, sessionId);
}

/**
 * Erasure (docs/features.md "Case records"): deletes the session at Didit (docs/didit.md §2.6: 204, no webhook,
 * a repeat is 404 — taken as "already gone", so an erasure interrupted after Didit's delete can be run again),
 * then, in the same transaction that holds the case's lock, redacts the event log and refolds the session from
 * it, so the stored row and `pnpm rebuild-sessions` agree on the redacted state. Refused while a legal hold is
 * set. Any other Didit failure changes nothing here.
 */
export async function eraseSession(
  deps: RecordsDeps,
  actor: Actor,
  sessionId: string,
  reason: string,
): Promise<RetentionView> {
  const didit = requireDidit(deps.didit);
  await deps.db.transaction().execute(async (trx) => {
    const row = await lockOrThrow(trx, sessionId);
    const hold = await findLegalHold(trx, sessionId);
    if (hold) {
      throw new AppError(
        'LEGAL_HOLD',
        'This case is under a legal hold; release the hold before erasing it',
        {
          legal_hold: { reason: hold.reason, set_at: hold.set_at.toISOString() },
        },
      );
    }
    if (await findErasure(trx, sessionId))
      throw new AppError('SESSION_ERASED', 'This case was already erased');
    let diditOutcome: 'deleted' | 'already_gone' = 'deleted';
    try {
      await didit.deleteSession(sessionId);
    } catch (err) {
      if (!isDiditError(err)) throw err;
      if (err.kind === 'not_found') diditOutcome = 'already_gone';
      else throw toAppError(err);
    }
    const now = deps.clock.now();
    // The erasure row first: from here on the trigger redacts any event of this session as it is stored.
    await insertErasure(trx, {
      sessionId,
      reason,
      erasedBy: actor.id,
      at: now,
      diditOutcome,
      eventsRedacted: 0,
    });
    const eventsRedacted = await redactSessionEvents(trx, sessionId);
    await trx
      .updateTable('session_erasures')
      .set({ events_redacted: eventsRedacted })
      .where('session_id', '=', sessionId)
      .execute();
    await redactSessionCopies(trx, sessionId);
    await refoldSession(trx, sessionId);
    await appendAudit(trx, {
      ...actor.audit,
      at: now,
      action: 'records.session_erased',
      subjectType: 'session',
      subjectId: sessionId,
      sessionId,
      before: { status: row.status, session_kind: row.session_kind },
      after: { erased: true },
      details: { reason, didit_outcome: diditOutcome, events_redacted: eventsRedacted },
    });
  });
  return getRetention(deps.db, sessionId);
}
