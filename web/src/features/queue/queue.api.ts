import { withQuery } from '../../api/client.ts';
import { type ApiResponse, client } from '../../api/contract.ts';
import { effectiveOrder, type QueueSearch } from './queue.search.ts';
import type { QueueTotal } from './queue.view.ts';

/** A queue row as the server sends it (`GET /api/sessions`). */
export type SessionItemDto = ApiResponse<'/api/sessions', 'get'>['items'][number];
/** A session on the case page (`GET /api/sessions/{id}`) has no claim fields: its review state carries them. */
type SessionRowDto = Omit<SessionItemDto, 'assignee' | 'assigned_to'> &
  Partial<Pick<SessionItemDto, 'assignee' | 'assigned_to'>>;

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

function toAssignee(a: SessionItemDto['assignee']): Assignee | null {
  return a ? { id: a.id, label: a.name || a.id, expiresAt: a.expires_at } : null;
}

export function toQueueRow(d: SessionRowDto): QueueRow {
  return {
    id: d.session_id,
    number: d.session_number,
    kind: d.session_kind,
    status: d.status ?? 'Unknown',
    workflowId: d.workflow_id,
    workflowVersion: d.workflow_version == null ? null : String(d.workflow_version),
    vendorData: d.vendor_data,
    fullName: d.full_name,
    documentNumber: d.document_number,
    errors: d.warning_counts.error,
    warnings: d.warning_counts.warning,
    information: d.warning_counts.information,
    amlHits: d.aml_hits,
    amlUnreviewed: d.aml_unreviewed_hits,
    imported: d.imported,
    assignee: toAssignee(d.assignee ?? null),
    assignedTo: d.assigned_to ? { id: d.assigned_to.id, name: d.assigned_to.name } : null,
    createdAt: d.created_at,
    updatedAt: d.updated_at,
    lastEventAt: d.last_event_at,
  };
}

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
function queueQuery(s: QueueSearch, limit = 50) {
  return {
    status: s.tab === 'review' ? 'In Review' : s.status,
    imported: s.tab === 'imported' ? ('true' as const) : undefined,
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

type SessionListDto = ApiResponse<'/api/sessions', 'get'>;

export async function fetchQueue(s: QueueSearch, signal?: AbortSignal): Promise<QueuePage> {
  return toQueuePage(await client.get('/api/sessions', { query: queueQuery(s), signal }));
}

/** The server's answer as the page shows it (also for the first load's prefetched answer, routes.ts). */
export function toQueuePage(page: SessionListDto): QueuePage {
  return {
    rows: page.items.map(toQueueRow),
    nextCursor: page.next_cursor ?? null,
    assigneeKnown: page.items.some((i) => 'assignee' in i),
    total: page.total ? { count: page.total.count, exact: page.total.exact } : null,
  };
}
