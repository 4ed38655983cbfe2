import { z } from 'zod';
import { type ApiResponse, client } from '../../api/contract.ts';
import { type Change, changesOf, detailPairs, type Person } from './audit.view.ts';

export const auditSearchSchema = z.object({
  actor: z.string().max(200).catch('').default(''),
  action: z.string().max(100).catch('').default(''),
  session_id: z.string().max(100).catch('').default(''),
  from: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$|^$/)
    .catch('')
    .default(''),
  to: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$|^$/)
    .catch('')
    .default(''),
  cursor: z.string().max(500).catch('').default(''),
});
type AuditSearch = z.infer<typeof auditSearchSchema>;

type AuditPageDto = ApiResponse<'/api/audit', 'get'>;
type EntryDto = AuditPageDto['items'][number];

export interface AuditRow {
  id: string;
  at: string | null;
  /** The person's name when the actor is a user, else the label (`system`, `didit`, …). */
  actor: string;
  actorEmail: string | null;
  action: string;
  sessionId: string | null;
  target: string | null;
  details: string;
  hash: string | null;
  requestId: string | null;
  ip: string | null;
  /** Field by field: before → after, people by name. */
  changes: Change[];
  detailPairs: [string, string][];
  /** The note text an entry refers to (kept in the notes table, not the chained entry). */
  note: string | null;
  /** The decision's comment and, once rejected, the second reviewer's reason. */
  decision: {
    newStatus: string;
    comment: string;
    rejectComment: string | null;
    reasonCodes: string[];
  } | null;
}

function toRow(e: EntryDto, people: Record<string, Person>, context: AuditPageDto['context']): AuditRow {
  const person = e.actor_id ? people[e.actor_id] : undefined;
  const ctx = context[String(e.seq)];
  return {
    id: String(e.seq),
    at: e.at,
    actor: person?.name ?? e.actor_label,
    actorEmail: person?.email ?? null,
    action: e.action,
    sessionId: e.session_id,
    target: `${e.subject_type}${e.subject_id ? ` ${e.subject_id}` : ''}`,
    details: e.details === undefined || e.details === null ? '' : JSON.stringify(e.details),
    hash: e.hash,
    requestId: e.request_id,
    ip: e.ip,
    changes: changesOf(e.before, e.after, people),
    detailPairs: detailPairs(e.details, people),
    note: ctx?.note?.body ?? null,
    decision: ctx?.decision
      ? {
          newStatus: ctx.decision.new_status,
          comment: ctx.decision.comment,
          rejectComment: ctx.decision.reject_comment,
          reasonCodes: ctx.decision.reason_codes,
        }
      : null,
  };
}

/** Calendar days in the reviewer's timezone, sent as instants: `to` includes its whole day. */
function dayStart(day: string): string | undefined {
  return day ? new Date(`${day}T00:00:00`).toISOString() : undefined;
}
function dayEnd(day: string): string | undefined {
  return day ? new Date(`${day}T23:59:59.999`).toISOString() : undefined;
}

export async function fetchAudit(s: AuditSearch, signal?: AbortSignal) {
  const query = { ...s, from: dayStart(s.from), to: dayEnd(s.to), limit: 50 };
  const page = await client.get('/api/audit', { query, signal });
  return {
    rows: page.items.map((e) => toRow(e, page.people, page.context)),
    nextCursor: page.next_cursor,
  };
}

type ChainStatus = ApiResponse<'/api/audit/verify', 'get'>;

export async function verifyChain(signal?: AbortSignal): Promise<ChainStatus> {
  return client.get('/api/audit/verify', { signal });
}

/** The export is the whole log (so `pnpm audit:verify FILE` can check the chain), not the filtered view. */
export function exportUrl(format: 'csv' | 'jsonl'): string {
  return `/api/audit/export?format=${format}`;
}

export function headHash(head: ChainStatus['head']): string | null {
  return head?.hash ?? null;
}
