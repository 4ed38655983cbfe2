import type { EntityKind, EntityStatus } from '@console/didit/types';
import type { Kysely } from 'kysely';
import type { DB } from '../schema.ts';
import { payloadJsonFor } from '../sessions/event-input.ts';
import type { EntitiesTable, EntityApplyState, StatusHistoryEntry } from './entities.tables.ts';
import { COLUMN_FIELDS, COUNTER_FIELDS, type ColumnField } from './entity-event.ts';

export interface EntityChange {
  kind: EntityKind;
  vendorData: string;
  eventKey: string;
  occurredAt: Date;
  source: 'webhook' | 'reviewer';
  status: EntityStatus | null;
  previousStatus: string | null;
  changes: Record<string, { previous: unknown; current: unknown }> | null;
}

export interface EntityEventRow {
  eventKey: string;
  eventId: string | null;
  source: 'webhook' | 'reviewer';
  kind: EntityKind | null;
  vendorData: string | null;
  webhookType: string | null;
  envelope: 'flat' | 'nested' | null;
  status: string | null;
  previousStatus: string | null;
  changedFields: string[] | null;
  changes: unknown;
  occurredAt: Date;
  receivedAt: Date;
  signatureScheme: string | null;
  rawBody: Uint8Array;
  applyState: EntityApplyState;
  applyError: string | null;
  actorUserId?: string | null;
  reason?: string | null;
}

/** Stores one event; undefined when its key is already stored (a retry or a fan-out copy). */
export async function insertEntityEvent(db: Kysely<DB>, e: EntityEventRow): Promise<number | undefined> {
  const row = await db
    .insertInto('entity_events')
    .values({
      event_key: e.eventKey,
      event_id: e.eventId,
      source: e.source,
      entity_kind: e.kind,
      vendor_data: e.vendorData,
      webhook_type: e.webhookType,
      envelope: e.envelope,
      status: e.status,
      previous_status: e.previousStatus,
      changed_fields: e.changedFields === null ? null : jsonb(e.changedFields),
      changes: e.changes === null || e.changes === undefined ? null : jsonb(e.changes),
      occurred_at: e.occurredAt,
      received_at: e.receivedAt,
      signature_scheme: e.signatureScheme,
      raw_body: Buffer.from(e.rawBody),
      apply_state: e.applyState,
      apply_error: e.applyError,
      actor_user_id: e.actorUserId ?? null,
      reason: e.reason ?? null,
    })
    .onConflict((oc) => oc.column('event_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function markEntityEventStale(db: Kysely<DB>, id: number): Promise<void> {
  await db.updateTable('entity_events').set({ apply_state: 'stale' }).where('id', '=', id).execute();
}

/** JSON text jsonb accepts: NUL and lone surrogates (which Postgres refuses) become U+FFFD. */
const jsonb = (v: unknown): string => payloadJsonFor(JSON.stringify(v), v);

const isColumn = (f: string): f is ColumnField => (COLUMN_FIELDS as readonly string[]).includes(f);
const isCounter = (f: string) => (COUNTER_FIELDS as readonly string[]).includes(f);

function columnValue(field: ColumnField, v: unknown): number | string | null {
  if (isCounter(field)) return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : null;
  if (v === null || v === undefined) return null;
  return (typeof v === 'string' ? v : JSON.stringify(v)).replaceAll('\u0000', '');
}

/**
 * Whether a status event is newer than the status shown. Timestamps are whole seconds, so several changes can
 * share one: then an event that continues the shown status (its previous_status is the status shown) is
 * newer, one the shown status continues from is older, and otherwise the event key decides.
 */
function isNewerStatus(
  current: Pick<EntitiesTable, 'status' | 'previous_status' | 'status_at' | 'status_event_key'>,
  c: EntityChange,
): boolean {
  const at = current.status_at?.getTime();
  const t = c.occurredAt.getTime();
  if (at === undefined || t > at) return true;
  if (t < at) return false;
  if (
    c.previousStatus !== null &&
    c.previousStatus === current.status &&
    current.previous_status !== c.status
  ) {
    return true;
  }
  if (current.previous_status !== null && current.previous_status === c.status) return false;
  return c.eventKey > (current.status_event_key ?? '');
}

/**
 * Folds one change into the entity, newest wins: a status only if it is newer than the one shown (history
 * keeps every status in time order either way), a profile field only if newer than that field's last
 * value. Didit promises no delivery order, so a late event is kept but shown as stale. Runs inside the
 * caller's transaction; the entity row is locked for the read-modify-write.
 */
export async function applyEntityChange(trx: Kysely<DB>, c: EntityChange): Promise<'applied' | 'stale'> {
  const now = new Date();
  await trx
    .insertInto('entities')
    .values({ entity_kind: c.kind, vendor_data: c.vendorData, created_at: now, updated_at: now })
    .onConflict((oc) => oc.columns(['entity_kind', 'vendor_data']).doNothing())
    .execute();
  const current = await trx
    .selectFrom('entities')
    .selectAll()
    .where('entity_kind', '=', c.kind)
    .where('vendor_data', '=', c.vendorData)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const set: Partial<Record<keyof EntitiesTable, unknown>> = { updated_at: now };
  let applied = false;
  if (c.status !== null) {
    const entry: StatusHistoryEntry = {
      status: c.status,
      previous_status: c.previousStatus,
      at: c.occurredAt.toISOString(),
      source: c.source,
      event_key: c.eventKey,
    };
    // Stable: within one second (Didit's timestamps are whole seconds) arrival order is the best evidence.
    const history = [...current.status_history, entry].sort((a, b) => a.at.localeCompare(b.at));
    set.status_history = jsonb(history);
    if (isNewerStatus(current, c)) {
      Object.assign(set, {
        status: c.status,
        previous_status: c.previousStatus,
        status_at: c.occurredAt,
        status_event_key: c.eventKey,
      });
      applied = true;
    }
  }
  if (c.changes !== null) {
    const fieldAt = { ...current.field_at };
    const profile = { ...current.profile };
    let profileChanged = false;
    for (const [field, change] of Object.entries(c.changes)) {
      const last = fieldAt[field];
      if (last !== undefined && Date.parse(last) > c.occurredAt.getTime()) continue;
      fieldAt[field] = c.occurredAt.toISOString();
      if (isColumn(field)) set[field] = columnValue(field, change.current);
      else {
        profile[field] = change.current;
        profileChanged = true;
      }
      applied = true;
    }
    set.field_at = jsonb(fieldAt);
    if (profileChanged) set.profile = jsonb(profile);
  }
  await trx
    .updateTable('entities')
    .set(set as never)
    .where('entity_kind', '=', c.kind)
    .where('vendor_data', '=', c.vendorData)
    .execute();
  return applied ? 'applied' : 'stale';
}

export function findEntity(db: Kysely<DB>, kind: EntityKind, vendorData: string) {
  return db
    .selectFrom('entities')
    .selectAll()
    .where('entity_kind', '=', kind)
    .where('vendor_data', '=', vendorData)
    .executeTakeFirst();
}

/** A profile's recent events (entity_events_entity_idx), without raw bodies. */
export function entityEvents(db: Kysely<DB>, kind: EntityKind, vendorData: string, limit = 100) {
  return db
    .selectFrom('entity_events')
    .select([
      'id',
      'event_key',
      'source',
      'webhook_type',
      'status',
      'previous_status',
      'changed_fields',
      'occurred_at',
      'received_at',
      'apply_state',
      'actor_user_id',
      'reason',
    ])
    .where('entity_kind', '=', kind)
    .where('vendor_data', '=', vendorData)
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
