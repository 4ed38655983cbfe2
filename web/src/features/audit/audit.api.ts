import { z } from 'zod';
import { api } from '../../api/client.ts';
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
export type AuditSearch = z.infer<typeof auditSearchSchema>;

const id = z.union([z.string(), z.number()]).transform(String);

const entrySchema = z.looseObject({
  id: id.optional(),
  seq: z.union([z.number(), z.string()]).optional(),
  at: z.string().nullish(),
  created_at: z.string().nullish(),
  actor: z
    .union([
      z.string(),
      z.looseObject({ email: z.string().nullish(), name: z.string().nullish(), id: id.optional() }),
    ])
    .nullish(),
  actor_email: z.string().nullish(),
  actor_label: z.string().nullish(),
  subject_type: z.string().nullish(),
  subject_id: z.string().nullish(),
  actor_id: id.nullish(),
  action: z.string(),
  session_id: z.string().nullish(),
  target: z.string().nullish(),
  target_type: z.string().nullish(),
  target_id: z.string().nullish(),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  details: z.unknown().optional(),
  request_id: z.string().nullish(),
  ip: z.string().nullish(),
  hash: z.string().nullish(),
});

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

const personSchema = z.looseObject({ name: z.string(), email: z.string() });
const contextSchema = z.looseObject({
  note: z.looseObject({ body: z.string() }).nullish(),
  decision: z
    .looseObject({
      new_status: z.string(),
      comment: z.string(),
      reject_comment: z.string().nullish(),
      reason_codes: z.array(z.string()).default([]),
    })
    .nullish(),
});

function toRow(
  e: z.infer<typeof entrySchema>,
  i: number,
  people: Record<string, Person>,
  context: Record<string, z.infer<typeof contextSchema>>,
): AuditRow {
  const person = e.actor_id ? people[e.actor_id] : undefined;
  const actor =
    person?.name ??
    e.actor_label ??
    (typeof e.actor === 'string'
      ? e.actor
      : (e.actor?.email ?? e.actor?.name ?? e.actor_email ?? e.actor_id ?? 'system'));
  const ctx = e.seq !== undefined ? context[String(e.seq)] : undefined;
  const type = e.subject_type ?? e.target_type;
  const subject = e.subject_id ?? e.target_id;
  const target = e.target ?? (type ? `${type}${subject ? ` ${subject}` : ''}` : null);
  return {
    id: e.id ?? String(e.seq ?? i),
    at: e.at ?? e.created_at ?? null,
    actor,
    actorEmail: person?.email ?? null,
    action: e.action,
    sessionId: e.session_id ?? null,
    target,
    details: e.details === undefined || e.details === null ? '' : JSON.stringify(e.details),
    hash: e.hash ?? null,
    requestId: e.request_id ?? null,
    ip: e.ip ?? null,
    changes: changesOf(e.before, e.after, people),
    detailPairs: detailPairs(e.details, people),
    note: ctx?.note?.body ?? null,
    decision: ctx?.decision
      ? {
          newStatus: ctx.decision.new_status,
          comment: ctx.decision.comment,
          rejectComment: ctx.decision.reject_comment ?? null,
          reasonCodes: ctx.decision.reason_codes,
        }
      : null,
  };
}

const pageSchema = z.looseObject({
  items: z.array(entrySchema),
  next_cursor: z.string().nullish(),
  people: z.record(z.string(), personSchema).default({}),
  context: z.record(z.string(), contextSchema).default({}),
});

/** Calendar days in the reviewer's timezone, sent as instants: `to` includes its whole day. */
export function dayStart(day: string): string | undefined {
  return day ? new Date(`${day}T00:00:00`).toISOString() : undefined;
}
export function dayEnd(day: string): string | undefined {
  return day ? new Date(`${day}T23:59:59.999`).toISOString() : undefined;
}

export async function fetchAudit(s: AuditSearch, signal?: AbortSignal) {
  const query = { ...s, from: dayStart(s.from), to: dayEnd(s.to), limit: 50 };
  const page = pageSchema.parse(await api.get('/api/audit', query, signal));
  return {
    rows: page.items.map((e, i) => toRow(e, i, page.people, page.context)),
    nextCursor: page.next_cursor ?? null,
  };
}

const verifySchema = z.looseObject({
  ok: z.boolean(),
  entries: z.number().nullish(),
  head: z.union([z.string(), z.looseObject({ seq: z.number().nullish(), hash: z.string() })]).nullish(),
  first_broken: z.looseObject({ seq: z.number().nullish(), reason: z.string().nullish() }).nullish(),
});

export type ChainStatus = z.infer<typeof verifySchema>;

export async function verifyChain(signal?: AbortSignal): Promise<ChainStatus> {
  return verifySchema.parse(await api.get('/api/audit/verify', undefined, signal));
}

/** The export is the whole log (so `pnpm audit:verify FILE` can check the chain), not the filtered view. */
export function exportUrl(format: 'csv' | 'jsonl'): string {
  return `/api/audit/export?format=${format}`;
}

export function headHash(head: ChainStatus['head']): string | null {
  if (!head) return null;
  return typeof head === 'string' ? head : head.hash;
}
