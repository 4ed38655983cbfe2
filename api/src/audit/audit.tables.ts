import type { ColumnType } from 'kysely';

type Json = ColumnType<unknown, string | null, string | null>;

export interface AuditLogTable {
  seq: number;
  at: Date;
  actor_id: string | null;
  actor_label: string;
  action: string;
  subject_type: string;
  subject_id: string | null;
  session_id: string | null;
  request_id: string | null;
  ip: string | null;
  user_agent: string | null;
  before: Json;
  after: Json;
  details: Json;
  prev_hash: string;
  hash: string;
}

/** Refused requests counted per minute, actor and address (refusals.ts). */
export interface AccessRefusalsTable {
  window_start: Date;
  actor_key: string;
  ip: string;
  code: string;
  refusals: number;
}

export interface AuditTables {
  audit_log: AuditLogTable;
  access_refusals: AccessRefusalsTable;
}
