import { z } from '@hono/zod-openapi';

/**
 * Where an imported case came from, as the case view carries it (`GET /api/sessions/{id}` → `provenance`).
 * Declared here, by the feature that shows it; the sharing feature fills it (sharing/provenance.ts) through
 * `SessionDetailExtensions`, so the dependency keeps pointing from sharing to sessions.
 *
 * Codes and data only, no sentences: clients word them in their own language (the web from its catalogs).
 * Flat scalar fields, so a generic reader (the case report PDF) can list them as they are.
 */

/** Why the provenance is thin: `IMPORTED_OUTSIDE_CONSOLE` = Didit names the source session, not who imported it or on what terms. */
const PROVENANCE_NOTE_CODES = ['IMPORTED_OUTSIDE_CONSOLE'] as const;

/** An import this console made (the reliance ledger has its terms). */
const RecordedImport = z.object({
  recorded_in_reliance_ledger: z.literal(true),
  import_id: z.string(),
  partner_id: z.string().nullable(),
  partner_name: z.string().nullable(),
  source_application_id: z.string().nullable(),
  source_session_id: z.string().nullable(),
  /** The source session when it is in this console too (both applications reviewed here). */
  local_session_id: z.string().nullable(),
  trust_review: z.boolean(),
  /** Didit statuses: at the source, as it landed here, and now. */
  source_status: z.string().nullable(),
  landed_status: z.string(),
  current_status: z.string().nullable(),
  /** The latest console decision on the case: the Didit status it asks for and its state (`sent`, `staged`…). */
  latest_review_status: z.string().nullable(),
  latest_review_state: z.string().nullable(),
  imported_by_name: z.string().nullable(),
  imported_at: z.string(),
  /** SHA-256 of the share token (the token itself is never kept). */
  token_fingerprint: z.string(),
  workflow_id: z.string(),
});

/** Didit's `shared_from_session` on a session imported outside this console: no ledger entry. */
const UnrecordedImport = z.object({
  recorded_in_reliance_ledger: z.literal(false),
  source_session_id: z.string(),
  partner_name: z.null(),
  note_code: z.enum(PROVENANCE_NOTE_CODES),
});

export const SessionProvenance = z.union([RecordedImport, UnrecordedImport]).openapi('SessionProvenance');
export type SessionProvenance = z.infer<typeof SessionProvenance>;
