import type { ColumnType } from 'kysely';
import type { ChainEntry } from './audit.chain.ts';

type Json = ColumnType<unknown, string | null, string | null>;

/** A chain entry as stored: the same columns, with the time as timestamptz and the JSON as jsonb. */
export interface AuditLogTable extends Omit<ChainEntry, 'at' | 'before' | 'after' | 'details'> {
  at: Date;
  before: Json;
  after: Json;
  details: Json;
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
