import { maskNumber, restrictPersonalData } from '../authz/personal-data.ts';
import { redactLinks } from './redact-links.ts';
import type { SessionListRow, SessionRow } from './sessions.repository.ts';

/** A queue row as the API shows it (shared/contract.md `GET /api/sessions`). */
export function toSessionItem(r: Omit<SessionListRow, 'assignee' | 'assigned_to'>) {
  return {
    session_id: r.session_id,
    session_number: r.session_number,
    session_kind: r.session_kind,
    status: r.status,
    status_key: r.status_key,
    workflow_id: r.workflow_id,
    workflow_version: r.workflow_version,
    vendor_data: r.vendor_data,
    full_name: r.full_name,
    document_number: r.document_number,
    warning_counts: {
      error: r.warning_errors,
      warning: r.warning_warnings,
      information: r.warning_information,
    },
    aml_hits: r.aml_hits,
    aml_unreviewed_hits: r.aml_unreviewed_hits,
    shared_from_session: r.shared_from_session,
    imported: r.imported,
    /** When Didit created the session when we know it, else when the console first heard of it. */
    created_at: r.sort_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
    last_event_at: r.last_event_at.toISOString(),
  };
}

export type SessionItem = ReturnType<typeof toSessionItem>;

export function toSessionView(r: SessionRow) {
  // Rows stored before links were redacted at intake still hold them: never shown (redact-links.ts).
  return { ...toSessionItem(r), decision: redactLinks(r.decision), metadata: redactLinks(r.metadata) };
}

export function toHistoryEntry(h: {
  status: string | null;
  at: Date;
  source: string;
  event_id: string | null;
}) {
  return { status: h.status, at: h.at.toISOString(), source: h.source, event_id: h.event_id };
}

/** A queue row as a role without full access to personal data sees it (authz/personal-data.ts). */
export function restrictItem<T extends { document_number: string | null }>(item: T): T {
  return { ...item, document_number: maskNumber(item.document_number) as string | null };
}

/** A case view as a role without full access to personal data sees it. */
export function restrictView(view: SessionView): SessionView {
  return {
    ...restrictItem(view),
    decision: restrictPersonalData(view.decision),
    metadata: restrictPersonalData(view.metadata),
  };
}

export type SessionView = ReturnType<typeof toSessionView>;

/**
 * Keyset position, opaque to clients: base64url of `[sort value ISO, session_id]`, with a third element
 * naming the sort when it is not the default (a cursor of one sort is refused by another).
 */
export function encodeCursor(
  r: { sort_at: Date; last_event_at?: Date; session_id: string },
  sort: 'created' | 'last_event' = 'created',
): string {
  if (sort === 'last_event' && !r.last_event_at) throw new Error('a last_event cursor needs last_event_at');
  const v =
    sort === 'created'
      ? [r.sort_at.toISOString(), r.session_id]
      : [r.last_event_at!.toISOString(), r.session_id, sort];
  return Buffer.from(JSON.stringify(v), 'utf8').toString('base64url');
}

export function decodeCursor(
  cursor: string,
  sort: 'created' | 'last_event' = 'created',
): { sortAt: Date; sessionId: string } | undefined {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const expected = sort === 'created' ? 2 : 3;
    if (!Array.isArray(v) || v.length !== expected || typeof v[0] !== 'string' || typeof v[1] !== 'string')
      return undefined;
    if (expected === 3 && v[2] !== sort) return undefined;
    const sortAt = new Date(v[0]);
    if (!withinTimestampRange(sortAt) || v[1].length === 0 || v[1].length > 200) return undefined;
    return { sortAt, sessionId: v[1] };
  } catch {
    return undefined;
  }
}

/**
 * A JS date Postgres can compare with a timestamptz: JS reaches year ±271,821, Postgres stops at 4713 BC
 * (a cursor holding year -200000 answered 500 from the database). Years 1..9999 are all a cursor needs.
 */
export function withinTimestampRange(d: Date): boolean {
  const y = d.getUTCFullYear();
  return !Number.isNaN(d.getTime()) && y >= 1 && y <= 9999;
}
