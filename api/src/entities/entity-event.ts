import { createHash } from 'node:crypto';
import { ENTITY_WEBHOOK_EVENTS } from '@console/didit/events';
import type { SignatureScheme } from '@console/didit/signature';
import { ENTITY_STATUSES, type EntityKind, type EntityStatus } from '@console/didit/types';

/**
 * Entity webhooks (https://docs.didit.me/entities/webhooks): `user.status.updated`, `user.data.updated`,
 * `business.status.updated`, `business.data.updated` are about the User or Business keyed by `vendor_data`,
 * not about a session. Pages show two envelopes, both accepted: the newer translations say the body is flat
 * (`webhook_type` at the top, no `data`, no `event`; es/de/fr/it/ja/zh pages), the English page shows
 * `{event, application_id, timestamp (ISO), data: {vendor_data, status, previous_status, …}}`.
 */
type EntityWebhookType = (typeof ENTITY_WEBHOOK_EVENTS)[number];

/** The entity's counters (the data events' documented `changed_fields`). */
export const COUNTER_FIELDS = [
  'session_count',
  'approved_count',
  'declined_count',
  'in_review_count',
] as const;
/** Fields whose current values have a column of their own: the counters and the documented profile fields. */
export const COLUMN_FIELDS = [
  ...COUNTER_FIELDS,
  'display_name',
  'full_name',
  'legal_name',
  'registration_number',
  'country_code',
  'date_of_birth',
  'first_session_at',
  'last_session_at',
] as const;
export type ColumnField = (typeof COLUMN_FIELDS)[number];

export interface EntityEventInput {
  eventKey: string;
  eventId: string | null;
  webhookType: EntityWebhookType;
  envelope: 'flat' | 'nested';
  kind: EntityKind | null;
  vendorData: string | null;
  status: EntityStatus | null;
  previousStatus: string | null;
  changedFields: string[] | null;
  changes: Record<string, { previous: unknown; current: unknown }> | null;
  occurredAt: Date;
  receivedAt: Date;
  signatureScheme: SignatureScheme;
  rawBody: Uint8Array;
  /** Why it cannot be applied; the event is still stored, as `failed`. */
  error: string | null;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const isEntityType = (v: unknown): v is EntityWebhookType =>
  typeof v === 'string' && (ENTITY_WEBHOOK_EVENTS as readonly string[]).includes(v);
/** Text columns refuse NUL; ids and keys are short. */
const text = (v: unknown, max = 1000): string | null =>
  typeof v === 'string' && v.length > 0 && v.length <= max && !v.includes('\u0000') ? v : null;

/** The entity webhook type a verified body names, in either envelope; undefined for any other event. */
export function entityWebhookType(body: unknown): EntityWebhookType | undefined {
  if (!isObj(body)) return undefined;
  if (isEntityType(body.webhook_type)) return body.webhook_type;
  if (isEntityType(body.event) && isObj(body.data)) return body.event;
  return undefined;
}

/** A body may claim a time at most this far ahead of our clock (as for session events). */
const MAX_FUTURE_MS = 300_000;

/**
 * When the event happened: the body's own time (Unix seconds, or ISO in the nested envelope), else the signed
 * X-Timestamp. A body time in the future or before 2000 is not believed.
 */
function occurredAt(b: Obj, headerTimestamp: number, receivedAt: Date): Date {
  const t = b.timestamp;
  const ms = typeof t === 'number' ? t * 1000 : typeof t === 'string' ? Date.parse(t) : Number.NaN;
  if (Number.isFinite(ms) && ms >= 946_684_800_000 && ms <= receivedAt.getTime() + MAX_FUTURE_MS) {
    return new Date(Math.floor(ms / 1000) * 1000);
  }
  return new Date(headerTimestamp * 1000);
}

export function entityEventFromWebhook(w: {
  raw: Uint8Array;
  body: unknown;
  scheme: SignatureScheme;
  headerTimestamp: number;
  receivedAt: Date;
}): EntityEventInput | undefined {
  const webhookType = entityWebhookType(w.body);
  if (!webhookType) return undefined;
  const outer = w.body as Obj;
  const nested = !isEntityType(outer.webhook_type);
  const b = nested ? (outer.data as Obj) : outer;
  const eventId = text(outer.event_id, 200) ?? text(b.event_id, 200);
  const eventKey = eventId ?? `sha256:${createHash('sha256').update(w.raw).digest('hex')}`;
  const kind: EntityKind = webhookType.startsWith('user.') ? 'user' : 'business';
  const vendorData = text(b.vendor_data);
  let error: string | null = vendorData === null ? 'vendor_data is missing' : null;
  let status: EntityStatus | null = null;
  let changedFields: string[] | null = null;
  let changes: EntityEventInput['changes'] = null;
  if (webhookType.endsWith('.status.updated')) {
    const s = typeof b.status === 'string' ? b.status.toUpperCase() : null;
    if (s !== null && (ENTITY_STATUSES as readonly string[]).includes(s)) status = s as EntityStatus;
    else error ??= 'status is not ACTIVE, FLAGGED or BLOCKED';
  } else {
    if (Array.isArray(b.changed_fields) && b.changed_fields.every((f) => text(f, 100) !== null)) {
      changedFields = b.changed_fields as string[];
    } else error ??= 'changed_fields is not a list of field names';
    if (isObj(b.changes)) {
      changes = {};
      for (const [field, change] of Object.entries(b.changes)) {
        if (isObj(change) && 'current' in change) {
          changes[field] = { previous: change.previous ?? null, current: change.current ?? null };
        }
      }
    } else error ??= 'changes is not an object';
  }
  return {
    eventKey,
    eventId,
    webhookType,
    envelope: nested ? 'nested' : 'flat',
    kind,
    vendorData,
    status,
    previousStatus: text(b.previous_status, 100),
    changedFields,
    changes,
    occurredAt: occurredAt(outer, w.headerTimestamp, w.receivedAt),
    receivedAt: w.receivedAt,
    signatureScheme: w.scheme,
    rawBody: w.raw,
    error,
  };
}
