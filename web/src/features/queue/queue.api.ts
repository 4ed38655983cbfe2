import { z } from 'zod';
import { api, withQuery } from '../../api/client.ts';
import { effectiveOrder, type QueueSearch } from './queue.search.ts';
import type { QueueTotal } from './queue.view.ts';

const countsSchema = z
  .looseObject({
    error: z.number().default(0),
    warning: z.number().default(0),
    information: z.number().default(0),
  })
  .nullish();

const assigneeSchema = z
  .union([
    z.string(),
    z.looseObject({
      id: z.union([z.string(), z.number()]).transform(String).optional(),
      user_id: z.union([z.string(), z.number()]).transform(String).optional(),
      name: z.string().nullish(),
      email: z.string().nullish(),
      expires_at: z.string().nullish(),
    }),
  ])
  .nullish();

export const sessionItemSchema = z.looseObject({
  session_id: z.string(),
  session_number: z.number().nullish(),
  session_kind: z.string().nullish(),
  status: z.string().nullish(),
  workflow_id: z.string().nullish(),
  workflow_version: z.union([z.number(), z.string()]).nullish(),
  vendor_data: z.string().nullish(),
  full_name: z.string().nullish(),
  document_number: z.string().nullish(),
  warning_counts: countsSchema,
  aml_hits: z.number().nullish(),
  aml_unreviewed_hits: z.number().nullish(),
  shared_from_session: z.string().nullish(),
  imported: z.boolean().nullish(),
  assignee: assigneeSchema,
  assigned_to: z.looseObject({ id: z.string(), name: z.string() }).nullish(),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
  last_event_at: z.string().nullish(),
});

export type SessionItemDto = z.infer<typeof sessionItemSchema>;

export interface Assignee {
  id: string | null;
  label: string;
  expiresAt: string | null;
}

export interface QueueRow {
  id: string;
  number: number | null;
  kind: 'user' | 'business' | string;
  status: string;
  workflowId: string | null;
  workflowVersion: string | null;
  vendorData: string | null;
  fullName: string | null;
  documentNumber: string | null;
  errors: number;
  warnings: number;
  information: number;
  amlHits: number;
  amlUnreviewed: number;
  imported: boolean;
  assignee: Assignee | null;
  /** Whose desk the case is on (does not lapse, unlike the claim in `assignee`). */
  assignedTo: { id: string; name: string } | null;
  createdAt: string | null;
  updatedAt: string | null;
  lastEventAt: string | null;
}

export function toAssignee(a: SessionItemDto['assignee']): Assignee | null {
  if (!a) return null;
  if (typeof a === 'string') return { id: a, label: a, expiresAt: null };
  const id = a.id ?? a.user_id ?? null;
  return { id, label: a.name || a.email || id || 'someone', expiresAt: a.expires_at ?? null };
}

export function toQueueRow(d: SessionItemDto): QueueRow {
  return {
    id: d.session_id,
    number: d.session_number ?? null,
    kind: d.session_kind ?? 'user',
    status: d.status ?? 'Unknown',
    workflowId: d.workflow_id ?? null,
    workflowVersion: d.workflow_version == null ? null : String(d.workflow_version),
    vendorData: d.vendor_data ?? null,
    fullName: d.full_name ?? null,
    documentNumber: d.document_number ?? null,
    errors: d.warning_counts?.error ?? 0,
    warnings: d.warning_counts?.warning ?? 0,
    information: d.warning_counts?.information ?? 0,
    amlHits: d.aml_hits ?? 0,
    amlUnreviewed: d.aml_unreviewed_hits ?? 0,
    imported: Boolean(d.imported ?? d.shared_from_session),
    assignee: toAssignee(d.assignee),
    assignedTo: d.assigned_to ? { id: d.assigned_to.id, name: d.assigned_to.name } : null,
    createdAt: d.created_at ?? null,
    updatedAt: d.updated_at ?? null,
    lastEventAt: d.last_event_at ?? null,
  };
}

const pageSchema = z.looseObject({
  items: z.array(sessionItemSchema),
  next_cursor: z.string().nullish(),
  total: z.looseObject({ count: z.number(), exact: z.boolean() }).nullish(),
});

export interface QueuePage {
  rows: QueueRow[];
  nextCursor: string | null;
  /** The server reports claims on list rows (and so can filter by them). */
  assigneeKnown: boolean;
  /** First page only (the server counts once per search). */
  total: QueueTotal | null;
}

/** Calendar days in the reviewer's timezone, sent as instants; `to` includes its whole day. */
function dayStart(day: string): string | undefined {
  return day ? new Date(`${day}T00:00:00`).toISOString() : undefined;
}
function dayEnd(day: string): string | undefined {
  return day ? new Date(`${day}T23:59:59.999`).toISOString() : undefined;
}

/** Maps the URL state to the server's query: the tab is a preset over the same filters. */
export function queueQuery(s: QueueSearch, limit = 50) {
  return {
    status: s.tab === 'review' ? 'In Review' : s.status,
    imported: s.tab === 'imported' ? 'true' : undefined,
    kind: s.kind,
    q: s.q.trim(),
    workflow_id: s.workflow_id,
    from: dayStart(s.from),
    to: dayEnd(s.to),
    has_aml_hits: s.has_aml_hits,
    has_unreviewed_hits: s.has_unreviewed_hits,
    has_issues: s.has_issues,
    assigned: s.assigned,
    order: effectiveOrder(s),
    sort: s.sort,
    entity_status: s.entity_status,
    cursor: s.cursor,
    limit,
  };
}

/** The GET `fetchQueue` sends for this URL state (the first-load preload starts the same one). */
export const queueRequestPath = (s: QueueSearch) => withQuery('/api/sessions', queueQuery(s));

export async function fetchQueue(s: QueueSearch, signal?: AbortSignal): Promise<QueuePage> {
  const page = pageSchema.parse(await api.get(queueRequestPath(s), undefined, signal));
  return {
    rows: page.items.map(toQueueRow),
    nextCursor: page.next_cursor ?? null,
    assigneeKnown: page.items.some((i) => 'assignee' in i),
    total: page.total ? { count: page.total.count, exact: page.total.exact } : null,
  };
}
