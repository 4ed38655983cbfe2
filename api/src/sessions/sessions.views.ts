import type { QueueSort } from '@console/contract/queue';
import { z } from 'zod';
import { maskNumber, restrictPersonalData } from '../authz/personal-data.ts';
import { type CursorCodec, cursorCodec, cursorTime, timeFromWire } from '../platform/db/pagination.ts';
import {
  type KeyValue,
  keyOf,
  type QueueKey,
  type QueueKeyRow,
  SUBJECT_KEY_LENGTH,
} from './queue-sort.sql.ts';
import { redactLinks } from './redact-links.ts';
import type { SessionListRow, SessionRow } from './sessions.repository.ts';

/** A queue row as the API shows it (shared/contract.md `GET /api/sessions`). */
export function toSessionItem(r: Omit<SessionListRow, 'assignee' | 'assigned_to' | 'subject_key'>) {
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
 * Keyset positions, opaque to clients: base64url of a JSON tuple of the row's key in the sort (queue-sort.sql.ts),
 * its session_id and, for every sort but the default `created`, the sort's name, so a cursor of one sort is
 * refused by another (VALIDATION). Values are checked as strictly as the database would compare them: a
 * cursor the console did not issue is the client's mistake, never a 500.
 */
const sessionId = z.string().min(1).max(200);
/** The count columns are Postgres integers, never negative. */
const count = z.number().int().min(0).max(2_147_483_647);
const iso = (v: KeyValue | undefined) => (v as Date).toISOString();
/** The key, unless a value was refused (a time Postgres cannot compare: undefined). */
const keyed = (values: readonly (KeyValue | undefined)[], id: string): QueueKey | undefined =>
  values.every((v) => v !== undefined) ? { values: values as KeyValue[], sessionId: id } : undefined;

const SESSION_CURSORS = {
  created: cursorCodec({
    wire: z.tuple([cursorTime, sessionId]),
    toWire: (k: QueueKey) => [iso(k.values[0]), k.sessionId] as [string, string],
    fromWire: ([at, id]) => keyed([timeFromWire(at)], id),
  }),
  last_event: cursorCodec({
    wire: z.tuple([cursorTime, sessionId, z.literal('last_event')]),
    toWire: (k: QueueKey) => [iso(k.values[0]), k.sessionId, 'last_event'] as [string, string, 'last_event'],
    fromWire: ([at, id]) => keyed([timeFromWire(at)], id),
  }),
  number: cursorCodec({
    wire: z.tuple([z.number().int().safe().nullable(), sessionId, z.literal('number')]),
    toWire: (k: QueueKey) =>
      [k.values[0] === null ? null : Number(k.values[0]), k.sessionId, 'number'] as [
        number | null,
        string,
        'number',
      ],
    fromWire: ([n, id]) => keyed([n], id),
  }),
  subject: cursorCodec({
    wire: z.tuple([
      z
        .string()
        .max(4 * SUBJECT_KEY_LENGTH)
        .nullable(),
      sessionId,
      z.literal('subject'),
    ]),
    toWire: (k: QueueKey) =>
      [k.values[0] as string | null, k.sessionId, 'subject'] as [string | null, string, 'subject'],
    fromWire: ([name, id]) => keyed([name], id),
  }),
  status: cursorCodec({
    wire: z.tuple([z.string().max(200).nullable(), cursorTime, sessionId, z.literal('status')]),
    toWire: (k: QueueKey) =>
      [k.values[0] as string | null, iso(k.values[1]), k.sessionId, 'status'] as [
        string | null,
        string,
        string,
        'status',
      ],
    fromWire: ([status, at, id]) => keyed([status, timeFromWire(at)], id),
  }),
  findings: cursorCodec({
    wire: z.tuple([count, count, count, cursorTime, sessionId, z.literal('findings')]),
    toWire: (k: QueueKey) =>
      [...(k.values.slice(0, 3) as [number, number, number]), iso(k.values[3]), k.sessionId, 'findings'] as [
        number,
        number,
        number,
        string,
        string,
        'findings',
      ],
    fromWire: ([hits, errors, warnings, at, id]) => keyed([hits, errors, warnings, timeFromWire(at)], id),
  }),
} satisfies Record<QueueSort, CursorCodec<QueueKey>>;

/** The cursor naming `r`'s position in `sort` (the last row of a page). */
export function encodeCursor(r: QueueKeyRow, sort: QueueSort = 'created'): string {
  return SESSION_CURSORS[sort].encode(keyOf(sort, r));
}

/** The keyset position a cursor names; VALIDATION when it is malformed or was issued for another sort. */
export function decodeCursor(cursor: string, sort: QueueSort = 'created'): QueueKey {
  return SESSION_CURSORS[sort].decode(cursor);
}
