import { isDiditError } from '@console/didit/errors';
import type { EntityKind, EntityStatus } from '@console/didit/types';
import { appendAudit } from '../audit/audit.service.ts';
import { AppError } from '../platform/errors.ts';
import { toAppError } from '../platform/http/didit-errors.ts';
import type { Actor, ReviewDeps } from '../review/review.deps.ts';
import { requireDidit } from '../sessions/fetch-decision.ts';
import { entityEvents, findEntity, insertEntityEvent } from './entities.repository.ts';

export type EntityDeps = Pick<ReviewDeps, 'db' | 'didit' | 'clock'>;

/**
 * A person's or company's profile: the entity as Didit's webhooks left it (status, its history, counters,
 * profile fields), its recent events, and every session with that vendor_data (statuses, dates, provenance).
 */
export async function getEntityProfile(deps: EntityDeps, kind: EntityKind, vendorData: string) {
  const [entity, events, sessions] = await Promise.all([
    findEntity(deps.db, kind, vendorData),
    entityEvents(deps.db, kind, vendorData),
    deps.db
      .selectFrom('sessions')
      .select([
        'session_id',
        'session_number',
        'session_kind',
        'status',
        'status_key',
        'full_name',
        'shared_from_session',
        'imported',
        'sort_at',
        'updated_at',
      ])
      .where('vendor_data', '=', vendorData)
      .where('session_kind', '=', kind)
      .orderBy('sort_at', 'desc')
      .limit(200)
      .execute(),
  ]);
  if (!entity && sessions.length === 0 && events.length === 0) {
    throw new AppError('NOT_FOUND', 'No person or business with this vendor_data');
  }
  return { entity, events, sessions };
}

/**
 * Flag, block or reactivate at Didit (PATCH /v3/{users|businesses}/{vendor_data}/update-status/, the reason
 * goes to Didit's activity). The console records the request (who, why) as a `reviewer` entity event and in
 * the audit log; the entity's status itself changes when Didit's status webhook arrives.
 */
export async function setEntityStatus(
  deps: EntityDeps,
  actor: Actor,
  kind: EntityKind,
  vendorData: string,
  input: { status: EntityStatus; reason: string },
) {
  const didit = requireDidit(deps.didit);
  const before = await findEntity(deps.db, kind, vendorData);
  const now = deps.clock.now();
  // The request, whether Didit took it or not: who asked for which status, from which, and why.
  const audited = {
    ...actor.audit,
    at: now,
    subjectType: 'entity',
    subjectId: `${kind}:${vendorData}`,
    before: { status: before?.status ?? null },
    after: { status: input.status },
  };
  try {
    await didit.updateEntityStatus(kind, vendorData, { status: input.status, reason: input.reason });
  } catch (err) {
    await appendAudit(deps.db, {
      ...audited,
      action: 'entity.status_failed',
      details: { reason: input.reason, didit_kind: isDiditError(err) ? err.kind : 'unknown' },
    });
    if (isDiditError(err)) throw toAppError(err);
    throw err;
  }
  await deps.db.transaction().execute(async (trx) => {
    await insertEntityEvent(trx, {
      eventKey: `reviewer:${kind}:${vendorData}:${now.getTime()}:${actor.id}`,
      eventId: null,
      source: 'reviewer',
      kind,
      vendorData,
      webhookType: null,
      envelope: null,
      status: input.status,
      previousStatus: before?.status ?? null,
      changedFields: null,
      changes: null,
      occurredAt: now,
      receivedAt: now,
      signatureScheme: null,
      rawBody: new Uint8Array(),
      applyState: 'applied',
      applyError: null,
      actorUserId: actor.id,
      reason: input.reason,
    });
    await appendAudit(trx, {
      ...audited,
      action: 'entity.status_requested',
      details: { reason: input.reason },
    });
  });
  return { requested: input.status, previous: before?.status ?? null };
}
