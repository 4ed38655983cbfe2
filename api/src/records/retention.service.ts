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
  type LockedCase,
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

/** What a change to a case's records writes to the audit log, besides who, when and which session. */
interface RecordsAudit {
  before?: unknown;
  after: unknown;
  details: unknown;
}

/**
 * One change to a case's records, in one transaction that first takes the case's row lock (holds and erasures
 * of one case are serialized; NOT_FOUND when the console has no such case) and ends with the audit entry
 * `action` on the session. Answers the case's retention as it is afterwards.
 */
async function changeRecords(
  deps: RecordsDeps,
  actor: Actor,
  sessionId: string,
  action: string,
  change: (trx: Kysely<DB>, kase: LockedCase, now: Date) => Promise<RecordsAudit>,
): Promise<RetentionView> {
  await deps.db.transaction().execute(async (trx) => {
    const kase = await lockCase(trx, sessionId);
    if (!kase) throw notFound('Session');
    const now = deps.clock.now();
    const audit = await change(trx, kase, now);
    await appendAudit(trx, {
      ...actor.audit,
      at: now,
      action,
      subjectType: 'session',
      subjectId: sessionId,
      sessionId,
      ...audit,
    });
  });
  return getRetention(deps.db, sessionId);
}

export function setLegalHold(deps: RecordsDeps, actor: Actor, sessionId: string, reason: string) {
  return changeRecords(deps, actor, sessionId, 'records.legal_hold_set', async (trx, _kase, now) => {
    if (await findErasure(trx, sessionId)) {
      throw new AppError('SESSION_ERASED', 'This case was erased; there is nothing left to hold');
    }
    if (await findLegalHold(trx, sessionId)) {
      throw new AppError('LEGAL_HOLD_ALREADY_SET', 'This case is already under a legal hold');
    }
    await insertLegalHold(trx, { sessionId, reason, setBy: actor.id, at: now });
    return { after: { legal_hold: true }, details: { reason } };
  });
}

export function releaseLegalHold(deps: RecordsDeps, actor: Actor, sessionId: string, reason: string) {
  return changeRecords(deps, actor, sessionId, 'records.legal_hold_released', async (trx) => {
    const hold = await findLegalHold(trx, sessionId);
    if (!hold) throw new AppError('LEGAL_HOLD_NOT_SET', 'This case is not under a legal hold');
    await deleteLegalHold(trx, sessionId);
    return {
      before: {
        legal_hold: true,
        reason: hold.reason,
        set_by: hold.set_by,
        set_at: hold.set_at.toISOString(),
      },
      after: { legal_hold: false },
      details: { reason },
    };
  });
}

/**
 * Erasure (docs/features.md "Case records"): deletes the session at Didit (docs/didit.md §2.6: 204, no webhook,
 * a repeat is 404 — taken as "already gone", so an erasure interrupted after Didit's delete can be run again),
 * then, in the same transaction that holds the case's lock, redacts the event log and refolds the session from
 * it, so the stored row and `pnpm rebuild-sessions` agree on the redacted state. Refused while a legal hold is
 * set. Any other Didit failure changes nothing here.
 */
export function eraseSession(deps: RecordsDeps, actor: Actor, sessionId: string, reason: string) {
  const didit = requireDidit(deps.didit);
  return changeRecords(deps, actor, sessionId, 'records.session_erased', async (trx, kase, now) => {
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
    return {
      before: { status: kase.status, session_kind: kase.session_kind },
      after: { erased: true },
      details: { reason, didit_outcome: diditOutcome, events_redacted: eventsRedacted },
    };
  });
}
