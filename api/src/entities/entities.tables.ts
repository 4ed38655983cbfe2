import type { EntityKind, EntityStatus } from '@console/didit/types';
import type { ColumnType, Generated } from 'kysely';

export const ENTITY_APPLY_STATES = ['applied', 'stale', 'failed'] as const;
export type EntityApplyState = (typeof ENTITY_APPLY_STATES)[number];

export interface EntityEventsTable {
  id: Generated<number>;
  event_key: string;
  event_id: string | null;
  source: 'webhook' | 'reviewer';
  entity_kind: EntityKind | null;
  vendor_data: string | null;
  webhook_type: string | null;
  envelope: 'flat' | 'nested' | null;
  status: string | null;
  previous_status: string | null;
  changed_fields: ColumnType<unknown | null, string | null, string | null>;
  changes: ColumnType<unknown | null, string | null, string | null>;
  occurred_at: Date;
  received_at: Date;
  signature_scheme: string | null;
  raw_body: Buffer;
  apply_state: EntityApplyState;
  apply_error: string | null;
  actor_user_id: string | null;
  reason: string | null;
}

export interface StatusHistoryEntry {
  status: EntityStatus;
  previous_status: string | null;
  at: string;
  source: 'webhook' | 'reviewer';
  event_key: string;
}

export interface EntitiesTable {
  entity_kind: EntityKind;
  vendor_data: string;
  status: EntityStatus | null;
  previous_status: string | null;
  status_at: Date | null;
  status_event_key: string | null;
  status_history: ColumnType<StatusHistoryEntry[], string | undefined, string>;
  session_count: number | null;
  approved_count: number | null;
  declined_count: number | null;
  in_review_count: number | null;
  display_name: string | null;
  full_name: string | null;
  legal_name: string | null;
  registration_number: string | null;
  country_code: string | null;
  date_of_birth: string | null;
  first_session_at: string | null;
  last_session_at: string | null;
  /** Every other documented profile field (metadata, features, issuing_states, …), current values. */
  profile: ColumnType<Record<string, unknown>, string | undefined, string>;
  /** When each field was last set, so a late `data.updated` cannot overwrite a newer value. */
  field_at: ColumnType<Record<string, string>, string | undefined, string>;
  created_at: Date;
  updated_at: Date;
}

export interface EntitiesTables {
  entity_events: EntityEventsTable;
  entities: EntitiesTable;
}
