import type { ColumnType, Generated } from 'kysely';

/** jsonb: written as a JSON string, read back parsed. */
type Json = ColumnType<unknown, string | null, string | null>;

export interface PartnersTable {
  id: Generated<string>;
  name: string;
  /** The partner's Didit application (UUID): what a share token is minted for. */
  application_id: string;
  contact: string | null;
  /** Whether an import from this partner keeps the partner's decision (Didit advises false for new partners). */
  default_trust_review: ColumnType<boolean, boolean | undefined, boolean>;
  notes: ColumnType<string, string | undefined, string>;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

export const BATCH_STATUSES = ['running', 'finished', 'interrupted'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

export interface ShareBatchesTable {
  id: Generated<string>;
  partner_id: string;
  for_application_id: string;
  ttl_seconds: number;
  total: number;
  done: ColumnType<number, number | undefined, number>;
  failed: ColumnType<number, number | undefined, number>;
  status: BatchStatus;
  created_by: string | null;
  created_at: Date;
  finished_at: Date | null;
  tokens_downloaded_at: Date | null;
  tokens_downloaded_by: string | null;
  /** The process running the batch, and when it last said so: another process adopts it when this is stale. */
  owner_id: string | null;
  heartbeat_at: Date | null;
  /** X25519 public key (SPKI DER) the batch's tokens are sealed to; the private key only the requester holds. */
  public_key: Buffer | null;
}

export const BATCH_ITEM_STATUSES = ['pending', 'shared', 'failed'] as const;
export type BatchItemStatus = (typeof BATCH_ITEM_STATUSES)[number];

export interface ShareBatchItemsTable {
  batch_id: string;
  position: number;
  session_id: string | null;
  vendor_data: string | null;
  status: ColumnType<BatchItemStatus, BatchItemStatus | undefined, BatchItemStatus>;
  error_code: string | null;
  error_message: string | null;
  share_id: string | null;
  /** The minted token sealed to the batch's public key, until its one download (batch-seal.ts). */
  sealed_token: Buffer | null;
}

/** One minted token: its fingerprint and claims, never the token. */
export interface ShareTokensTable {
  id: Generated<string>;
  /** SHA-256 of the token, lowercase hex. */
  token_sha256: string;
  session_id: string;
  session_kind: 'user' | 'business';
  for_application_id: string;
  from_application_id: string | null;
  partner_id: string | null;
  batch_id: string | null;
  ttl_seconds: number;
  expires_at: Date;
  /** The JWT payload as decoded (not verified: the signing key is Didit's). */
  claims: Json;
  created_by: string | null;
  created_at: Date;
}

/** The reliance ledger: one row per session we imported from a partner's token. */
export interface ImportsTable {
  id: Generated<string>;
  token_sha256: string;
  /** The new session in our application. */
  session_id: string;
  session_kind: 'user' | 'business';
  /** `shared_from_session`: the partner's session. */
  source_session_id: string | null;
  source_application_id: string | null;
  for_application_id: string | null;
  partner_id: string | null;
  trust_review: boolean;
  workflow_id: string;
  /** The partner's decision, known only when we trusted it (the import then preserves it). */
  source_status: string | null;
  /** The status the import landed in. */
  landed_status: string;
  claims: Json;
  imported_by: string | null;
  imported_at: Date;
}

export interface SharingTables {
  partners: PartnersTable;
  share_batches: ShareBatchesTable;
  share_batch_items: ShareBatchItemsTable;
  share_tokens: ShareTokensTable;
  imports: ImportsTable;
}
