import { z } from 'zod';
import { api } from '../../api/client.ts';

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
  details: z.unknown().optional(),
  hash: z.string().nullish(),
});

export interface AuditRow {
  id: string;
  at: string | null;
  actor: string;
  action: string;
  sessionId: string | null;
  target: string | null;
  details: string;
  hash: string | null;
}

function toRow(e: z.infer<typeof entrySchema>, i: number): AuditRow {
  const actor =
    e.actor_label ??
    (typeof e.actor === 'string'
      ? e.actor
      : (e.actor?.email ?? e.actor?.name ?? e.actor_email ?? e.actor_id ?? 'system'));
  const type = e.subject_type ?? e.target_type;
  const subject = e.subject_id ?? e.target_id;
  const target = e.target ?? (type ? `${type}${subject ? ` ${subject}` : ''}` : null);
  return {
    id: e.id ?? String(e.seq ?? i),
    at: e.at ?? e.created_at ?? null,
    actor,
    action: e.action,
    sessionId: e.session_id ?? null,
    target,
    details: e.details === undefined || e.details === null ? '' : JSON.stringify(e.details),
    hash: e.hash ?? null,
  };
}

const pageSchema = z.looseObject({ items: z.array(entrySchema), next_cursor: z.string().nullish() });

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
  return { rows: page.items.map(toRow), nextCursor: page.next_cursor ?? null };
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
