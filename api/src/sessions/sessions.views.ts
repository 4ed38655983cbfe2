import { z } from 'zod';
import { maskNumber, restrictPersonalData } from '../authz/personal-data.ts';
import { type CursorCodec, cursorCodec, cursorTime, timeFromWire } from '../platform/db/pagination.ts';
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
type SessionSort = 'created' | 'last_event';
interface SessionKey {
  sortAt: Date;
  sessionId: string;
}
const sessionId = z.string().min(1).max(200);
const fromWire = ([at, id]: readonly [string, string, ...unknown[]]): SessionKey | undefined => {
  const sortAt = timeFromWire(at);
  return sortAt ? { sortAt, sessionId: id } : undefined;
};
const SESSION_CURSORS = {
  created: cursorCodec({
    wire: z.tuple([cursorTime, sessionId]),
    toWire: (k: SessionKey) => [k.sortAt.toISOString(), k.sessionId] as [string, string],
    fromWire,
  }),
  last_event: cursorCodec({
    wire: z.tuple([cursorTime, sessionId, z.literal('last_event')]),
    toWire: (k: SessionKey) =>
      [k.sortAt.toISOString(), k.sessionId, 'last_event'] as [string, string, 'last_event'],
    fromWire,
  }),
} satisfies Record<SessionSort, CursorCodec<SessionKey>>;

export function encodeCursor(
  r: { sort_at: Date; last_event_at?: Date; session_id: string },
  sort: SessionSort = 'created',
): string {
  if (sort === 'last_event' && !r.last_event_at) throw new Error('a last_event cursor needs last_event_at');
  const sortAt = sort === 'created' ? r.sort_at : r.last_event_at!;
  return SESSION_CURSORS[sort].encode({ sortAt, sessionId: r.session_id });
}

/** The keyset position a cursor names; VALIDATION when it is malformed or was issued for another sort. */
export function decodeCursor(cursor: string, sort: SessionSort = 'created'): SessionKey {
  return SESSION_CURSORS[sort].decode(cursor);
}
