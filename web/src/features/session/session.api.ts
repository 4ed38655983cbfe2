import { z } from 'zod';
import { api } from '../../api/client.ts';
import { type QueueRow, sessionItemSchema, toQueueRow } from '../queue/queue.api.ts';

const id = z.union([z.string(), z.number()]).transform(String);
const who = z
  .union([
    z.string(),
    z.looseObject({ id: id.optional(), name: z.string().nullish(), email: z.string().nullish() }),
  ])
  .nullish();

function whoLabel(w: z.infer<typeof who>): string | null {
  if (!w) return null;
  if (typeof w === 'string') return w;
  return w.name || w.email || w.id || null;
}

const historySchema = z.looseObject({
  status: z.string().nullish(),
  at: z.string().nullish(),
  source: z.string().nullish(),
  event_id: z.string().nullish(),
});

const caseSchema = z.looseObject({
  session: sessionItemSchema.extend({
    decision: z.record(z.string(), z.unknown()).nullish(),
    metadata: z.unknown().optional(),
  }),
  history: z.array(historySchema).nullish(),
  provenance: z.record(z.string(), z.unknown()).nullish(),
  shares: z.array(z.record(z.string(), z.unknown())).nullish(),
});

export interface HistoryEntry {
  status: string;
  at: string | null;
  source: string;
  eventId: string | null;
}

export interface CaseData {
  row: QueueRow;
  sharedFromSession: string | null;
  decision: Record<string, unknown>;
  metadata: unknown;
  history: HistoryEntry[];
  provenance: Record<string, unknown> | null;
  shares: Record<string, unknown>[];
}

export async function fetchCase(sessionId: string, signal?: AbortSignal): Promise<CaseData> {
  const c = caseSchema.parse(
    await api.get(`/api/sessions/${encodeURIComponent(sessionId)}`, undefined, signal),
  );
  return {
    row: toQueueRow(c.session),
    sharedFromSession: c.session.shared_from_session ?? null,
    decision: c.session.decision ?? {},
    metadata: c.session.metadata,
    history: (c.history ?? []).map((h) => ({
      status: h.status ?? '—',
      at: h.at ?? null,
      source: h.source ?? 'unknown',
      eventId: h.event_id ?? null,
    })),
    provenance: c.provenance ?? null,
    shares: c.shares ?? [],
  };
}

export async function refreshCase(sessionId: string): Promise<void> {
  await api.post(`/api/sessions/${encodeURIComponent(sessionId)}/refresh`);
}

/* ---------- review state: claim, notes, staged (four-eyes) decisions ---------- */

const claimSchema = z
  .looseObject({
    user_id: id.nullish(),
    holder: who,
    user: who,
    name: z.string().nullish(),
    email: z.string().nullish(),
    claimed_at: z.string().nullish(),
    expires_at: z.string().nullish(),
  })
  .nullish();

const noteSchema = z.looseObject({
  id: id.optional(),
  body: z.string().nullish(),
  text: z.string().nullish(),
  author: who,
  author_name: z.string().nullish(),
  created_at: z.string().nullish(),
});

const pendingSchema = z.looseObject({
  id: id,
  session_id: z.string().nullish(),
  new_status: z.string(),
  comment: z.string().nullish(),
  reason_codes: z.array(z.string()).nullish(),
  nodes_to_resubmit: z.array(z.looseObject({ node_id: z.string(), feature: z.string() })).nullish(),
  staged_by: who,
  requested_by: who,
  created_at: z.string().nullish(),
  staged_at: z.string().nullish(),
  reason: z.string().nullish(),
});

const decisionSchema = z.looseObject({
  new_status: z.string().nullish(),
  comment: z.string().nullish(),
  reason_codes: z.array(z.string()).nullish(),
  decided_by: who,
  actor: who,
  confirmed_by: who,
  created_at: z.string().nullish(),
  decided_at: z.string().nullish(),
  outcome: z.string().nullish(),
});

const reviewSchema = z.looseObject({
  claim: claimSchema,
  notes: z.array(noteSchema).nullish(),
  pending: z.union([z.array(pendingSchema), pendingSchema]).nullish(),
  decisions: z.array(decisionSchema).nullish(),
});

export interface Claim {
  userId: string | null;
  holder: string;
  claimedAt: string | null;
  expiresAt: string | null;
}

export interface Note {
  id: string;
  body: string;
  author: string;
  createdAt: string | null;
}

export interface PendingDecision {
  id: string;
  newStatus: string;
  comment: string;
  reasonCodes: string[];
  nodes: { node_id: string; feature: string }[];
  stagedById: string | null;
  stagedBy: string;
  stagedAt: string | null;
  why: string | null;
}

export interface PastDecision {
  newStatus: string;
  comment: string;
  reasonCodes: string[];
  by: string;
  at: string | null;
  outcome: string | null;
}

export interface ReviewState {
  claim: Claim | null;
  notes: Note[];
  pending: PendingDecision[];
  decisions: PastDecision[];
}

function toClaim(c: z.infer<typeof claimSchema>): Claim | null {
  if (!c) return null;
  const holder = c.holder ?? c.user;
  const holderId = holder && typeof holder === 'object' ? (holder.id ?? null) : null;
  return {
    userId: c.user_id ?? holderId,
    holder: whoLabel(holder) ?? c.name ?? c.email ?? c.user_id ?? 'another reviewer',
    claimedAt: c.claimed_at ?? null,
    expiresAt: c.expires_at ?? null,
  };
}

export function toPending(p: z.infer<typeof pendingSchema>): PendingDecision {
  const by = p.staged_by ?? p.requested_by;
  return {
    id: p.id,
    newStatus: p.new_status,
    comment: p.comment ?? '',
    reasonCodes: p.reason_codes ?? [],
    nodes: p.nodes_to_resubmit ?? [],
    stagedById: by && typeof by === 'object' ? (by.id ?? null) : typeof by === 'string' ? by : null,
    stagedBy: whoLabel(by) ?? 'a reviewer',
    stagedAt: p.staged_at ?? p.created_at ?? null,
    why: p.reason ?? null,
  };
}

export async function fetchReview(sessionId: string, signal?: AbortSignal): Promise<ReviewState> {
  const r = reviewSchema.parse(
    await api.get(`/api/sessions/${encodeURIComponent(sessionId)}/review`, undefined, signal),
  );
  const pending = r.pending ? (Array.isArray(r.pending) ? r.pending : [r.pending]) : [];
  return {
    claim: toClaim(r.claim),
    notes: (r.notes ?? []).map((n, i) => ({
      id: n.id ?? String(i),
      body: n.body ?? n.text ?? '',
      author: whoLabel(n.author) ?? n.author_name ?? 'someone',
      createdAt: n.created_at ?? null,
    })),
    pending: pending.map(toPending),
    decisions: (r.decisions ?? []).map((d) => ({
      newStatus: d.new_status ?? '—',
      comment: d.comment ?? '',
      reasonCodes: d.reason_codes ?? [],
      by: whoLabel(d.decided_by ?? d.actor) ?? '—',
      at: d.decided_at ?? d.created_at ?? null,
      outcome: d.outcome ?? null,
    })),
  };
}

export async function claimCase(sessionId: string): Promise<Claim | null> {
  const res = await api.post<unknown>(`/api/sessions/${encodeURIComponent(sessionId)}/claim`);
  const parsed = z.looseObject({ claim: claimSchema }).safeParse(res);
  if (parsed.success && parsed.data.claim) return toClaim(parsed.data.claim);
  const direct = claimSchema.safeParse(res);
  return direct.success ? toClaim(direct.data) : null;
}

export async function releaseCase(sessionId: string): Promise<void> {
  await api.delete(`/api/sessions/${encodeURIComponent(sessionId)}/claim`);
}

export type NewStatus = 'Approved' | 'Declined' | 'Resubmitted';

export interface DecisionInput {
  new_status: NewStatus;
  comment: string;
  reason_codes: string[];
  nodes_to_resubmit?: { node_id: string; feature: string }[];
}

/** 200: Didit accepted the new status. 202: staged for a second reviewer (four-eyes). */
export async function decide(
  sessionId: string,
  input: DecisionInput,
): Promise<{ kind: 'sent' } | { kind: 'staged'; reason: string | null }> {
  const res = await api.postWithStatus<Record<string, unknown>>(
    `/api/sessions/${encodeURIComponent(sessionId)}/status`,
    input,
  );
  if (res.status === 202) {
    const staged = (res.body?.staged ?? res.body) as Record<string, unknown> | undefined;
    const reason = typeof staged?.reason === 'string' ? staged.reason : null;
    return { kind: 'staged', reason };
  }
  return { kind: 'sent' };
}

export async function confirmPending(pendingId: string): Promise<void> {
  await api.post(`/api/review/pending/${encodeURIComponent(pendingId)}/confirm`);
}

export async function rejectPending(pendingId: string, comment?: string): Promise<void> {
  await api.post(`/api/review/pending/${encodeURIComponent(pendingId)}/reject`, comment ? { comment } : {});
}

export async function addNote(sessionId: string, body: string): Promise<void> {
  await api.post(`/api/sessions/${encodeURIComponent(sessionId)}/notes`, { body });
}

export const AML_DISPOSITIONS = ['Unreviewed', 'Confirmed Match', 'False Positive', 'Inconclusive'] as const;
export type AmlDisposition = (typeof AML_DISPOSITIONS)[number];

export async function setAmlHitStatus(
  sessionId: string,
  hitId: string,
  reviewStatus: AmlDisposition,
  nodeId?: string | null,
): Promise<void> {
  await api.patch(`/api/sessions/${encodeURIComponent(sessionId)}/aml-hits/${encodeURIComponent(hitId)}`, {
    review_status: reviewStatus,
    ...(nodeId ? { node_id: nodeId } : {}),
  });
}

const reasonCodeSchema = z.union([
  z.string().transform((code) => ({ code, label: code, applies_to: undefined as string[] | undefined })),
  z.looseObject({
    code: z.string(),
    label: z.string().nullish(),
    description: z.string().nullish(),
    applies_to: z.array(z.string()).nullish(),
    statuses: z.array(z.string()).nullish(),
  }),
]);

export interface ReasonCode {
  code: string;
  label: string;
  appliesTo: string[] | null;
}

export async function fetchReasonCodes(): Promise<ReasonCode[]> {
  const raw = await api.get<unknown>('/api/review/reason-codes');
  const list = Array.isArray(raw) ? raw : ((raw as { items?: unknown[] })?.items ?? []);
  return z
    .array(reasonCodeSchema)
    .parse(list)
    .map((r) => {
      const o = r as {
        code: string;
        label?: string | null;
        applies_to?: string[] | null;
        statuses?: string[] | null;
      };
      return { code: o.code, label: o.label || o.code, appliesTo: o.applies_to ?? o.statuses ?? null };
    });
}

const mediaSchema = z.array(
  z.looseObject({
    key: z.string(),
    label: z.string().nullish(),
    node_id: z.string().nullish(),
    feature: z.string().nullish(),
  }),
);

export interface MediaItem {
  key: string;
  label: string;
  nodeId: string | null;
  feature: string | null;
  url: string;
}

export async function fetchMedia(sessionId: string, signal?: AbortSignal): Promise<MediaItem[]> {
  const raw = await api.get<unknown>(
    `/api/sessions/${encodeURIComponent(sessionId)}/media`,
    undefined,
    signal,
  );
  const list = Array.isArray(raw) ? raw : ((raw as { items?: unknown[] })?.items ?? []);
  return mediaSchema.parse(list).map((m) => ({
    key: m.key,
    label: m.label || m.key,
    nodeId: m.node_id ?? null,
    feature: m.feature ?? null,
    url: `/api/sessions/${encodeURIComponent(sessionId)}/media/${encodeURIComponent(m.key)}`,
  }));
}
