/** A case kept from erasure (litigation, a regulator's request): set and cleared by admins, audited. */
export interface SessionLegalHoldsTable {
  session_id: string;
  reason: string;
  set_by: string | null;
  set_at: Date;
}

/** A case whose personal data was erased: at Didit (deleted) and here (redacted). */
export interface SessionErasuresTable {
  session_id: string;
  reason: string;
  erased_by: string | null;
  erased_at: Date;
  /** `deleted`: Didit answered 204; `already_gone`: 404 (deleted before, e.g. in Didit's console). */
  didit_outcome: 'deleted' | 'already_gone';
  events_redacted: number;
}

export interface RecordsTables {
  session_legal_holds: SessionLegalHoldsTable;
  session_erasures: SessionErasuresTable;
}
