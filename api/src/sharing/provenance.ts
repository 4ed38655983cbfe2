import type { Kysely } from 'kysely';
import type { DB } from '../schema.ts';
import type { SessionProvenance } from '../sessions/provenance.view.ts';
import { findImportBySession } from './imports.repository.ts';
import { listSharesOfSession } from './shares.repository.ts';

/**
 * The case view's provenance (sessions/provenance.view.ts), plugged into the sessions feature's
 * `SessionDetailExtensions`: where an imported session came from (from the reliance ledger; or only Didit's
 * `shared_from_session` when it was imported outside this console), as codes and data, never sentences.
 */
export async function sessionProvenance(
  db: Kysely<DB>,
  session: { session_id: string; shared_from_session: string | null },
): Promise<SessionProvenance | null> {
  const row = await findImportBySession(db, session.session_id);
  if (!row) {
    if (!session.shared_from_session) return null;
    return {
      source_session_id: session.shared_from_session,
      partner_name: null,
      recorded_in_reliance_ledger: false,
      note_code: 'IMPORTED_OUTSIDE_CONSOLE',
    };
  }
  return {
    import_id: row.id,
    partner_id: row.partner_id,
    partner_name: row.partner_name,
    source_application_id: row.source_application_id,
    source_session_id: row.source_session_id,
    local_session_id: row.source_session_local ? row.source_session_id : null,
    trust_review: row.trust_review,
    source_status: row.source_status,
    landed_status: row.landed_status,
    current_status: row.current_status,
    latest_review_status: row.latest_review?.new_status ?? null,
    latest_review_state: row.latest_review?.state ?? null,
    imported_by_name: row.imported_by_name ?? row.imported_by_email,
    imported_at: row.imported_at.toISOString(),
    token_fingerprint: row.token_sha256,
    workflow_id: row.workflow_id,
    recorded_in_reliance_ledger: true,
  };
}

export async function sessionShares(db: Kysely<DB>, session: { session_id: string }, now: Date = new Date()) {
  const rows = await listSharesOfSession(db, session.session_id);
  return rows.map((r) => ({
    id: r.id,
    partner_id: r.partner_id,
    partner_name: r.partner_name,
    for_application_id: r.for_application_id,
    created_by_name: r.created_by_name ?? r.created_by_email,
    created_at: r.created_at.toISOString(),
    expires_at: r.expires_at.toISOString(),
    state: r.expires_at.getTime() > now.getTime() ? 'active' : 'expired',
    token_fingerprint: r.token_sha256,
    batch_id: r.batch_id,
  }));
}
