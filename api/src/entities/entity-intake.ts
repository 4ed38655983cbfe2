import type { Kysely } from 'kysely';
import type { DB } from '../schema.ts';
import { applyEntityChange, insertEntityEvent, markEntityEventStale } from './entities.repository.ts';
import type { EntityApplyState } from './entities.tables.ts';
import type { EntityEventInput } from './entity-event.ts';

export type EntityIntakeOutcome = EntityApplyState | 'duplicate';

/**
 * One verified entity webhook as one transaction: store it (idempotent on `event_id`, else the body's hash),
 * then fold it into the entity. Kept apart from the session intake and its batcher: entity events are rare
 * and never touch `sessions`. Throws only for infrastructure failures (the caller answers 503).
 */
export async function receiveEntityEvent(db: Kysely<DB>, e: EntityEventInput): Promise<EntityIntakeOutcome> {
  return db.transaction().execute(async (trx) => {
    const id = await insertEntityEvent(trx, {
      eventKey: e.eventKey,
      eventId: e.eventId,
      source: 'webhook',
      kind: e.kind,
      vendorData: e.vendorData,
      webhookType: e.webhookType,
      envelope: e.envelope,
      status: e.status,
      previousStatus: e.previousStatus,
      changedFields: e.changedFields,
      changes: e.changes,
      occurredAt: e.occurredAt,
      receivedAt: e.receivedAt,
      signatureScheme: e.signatureScheme,
      rawBody: e.rawBody,
      applyState: e.error ? 'failed' : 'applied',
      applyError: e.error,
    });
    if (id === undefined) return 'duplicate';
    if (e.error || e.kind === null || e.vendorData === null) return 'failed';
    const state = await applyEntityChange(trx, {
      kind: e.kind,
      vendorData: e.vendorData,
      eventKey: e.eventKey,
      occurredAt: e.occurredAt,
      source: 'webhook',
      status: e.status,
      previousStatus: e.previousStatus,
      changes: e.changes,
    });
    if (state === 'stale') await markEntityEventStale(trx, id);
    return state;
  });
}
