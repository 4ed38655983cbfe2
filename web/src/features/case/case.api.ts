import { z } from 'zod';
import { api } from '../../api/client.ts';
import { type QueueRow, sessionItemSchema, toQueueRow } from '../queue/queue.api.ts';
import { casePath } from './case.paths.ts';

const id = z.union([z.string(), z.number()]).transform(String);
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
  const c = caseSchema.parse(await api.get(casePath(sessionId), undefined, signal));
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

/* ---------- review state: claim, notes, staged (four-eyes) decisions (api/src/review/review.schemas.ts) ---------- */

const person = z.looseObject({ id, name: z.string() });

const claimSchema = z.looseObject({
  session_id: z.string(),
  holder: person,
  claimed_at: z.string(),
  expires_at: z.string(),
});

const noteSchema = z.looseObject({ id, author: person, body: z.string(), created_at: z.string() });

const decisionSchema = z.looseObject({
  id,
  session_id: z.string(),
  new_status: z.string(),
  comment: z.string(),
  reason_codes: z.array(z.string()),
  nodes_to_resubmit: z.array(z.looseObject({ node_id: z.string(), feature: z.string() })).nullish(),
  state: z.string(),
  four_eyes_rules: z.array(z.string()).default([]),
  requested_by: person,
  requested_at: z.string(),
  confirmed_by: person.nullish(),
  rejected_by: person.nullish(),
  rejected_at: z.string().nullish(),
  reject_comment: z.string().nullish(),
  didit: z.looseObject({ http_status: z.number().nullish(), error_code: z.string().nullish() }).nullish(),
});

const reviewSchema = z.looseObject({
  claim: claimSchema.nullable(),
  assignment: person.nullish(),
  notes: z.array(noteSchema),
  pending: decisionSchema.nullable(),
  decisions: z.array(decisionSchema),
});

export interface Claim {
  sessionId: string;
  userId: string;
  holder: string;
  claimedAt: string;
  expiresAt: string;
}

export interface Note {
  id: string;
  body: string;
  author: string;
  createdAt: string;
}

export interface Decision {
  id: string;
  sessionId: string;
  newStatus: string;
  comment: string;
  reasonCodes: string[];
  nodes: { node_id: string; feature: string }[];
  state: string;
  /** Which four-eyes rules made this decision wait for a second reviewer. */
  rules: string[];
  requestedById: string;
  requestedBy: string;
  requestedAt: string;
  confirmedBy: string | null;
  rejectedBy: string | null;
  rejectedById: string | null;
  rejectedAt: string | null;
  rejectComment: string | null;
  diditError: string | null;
}

export interface ReviewState {
  claim: Claim | null;
  /** Whose desk the case is on (does not lapse, unlike the claim). */
  assignment: { id: string; name: string } | null;
  notes: Note[];
  pending: Decision | null;
  decisions: Decision[];
}

function toClaim(c: z.infer<typeof claimSchema>): Claim {
  return {
    sessionId: c.session_id,
    userId: c.holder.id,
    holder: c.holder.name,
    claimedAt: c.claimed_at,
    expiresAt: c.expires_at,
  };
}

function toDecision(d: z.infer<typeof decisionSchema>): Decision {
  return {
    id: d.id,
    sessionId: d.session_id,
    newStatus: d.new_status,
    comment: d.comment,
    reasonCodes: d.reason_codes,
    nodes: d.nodes_to_resubmit ?? [],
    state: d.state,
    rules: d.four_eyes_rules,
    requestedById: d.requested_by.id,
    requestedBy: d.requested_by.name,
    requestedAt: d.requested_at,
    confirmedBy: d.confirmed_by?.name ?? null,
    rejectedBy: d.rejected_by?.name ?? null,
    rejectedById: d.rejected_by?.id ?? null,
    rejectedAt: d.rejected_at ?? null,
    rejectComment: d.reject_comment ?? null,
    diditError: d.didit?.error_code ?? null,
  };
}

/** Four-eyes rule ids as sentences a second reviewer understands. */
export function ruleText(rule: string): string {
  const known: Record<string, string> = {
    approve_with_confirmed_aml: 'approving a case with a confirmed AML match',
    overturn_decline: 'overturning a decline',
  };
  return known[rule] ?? rule.replace(/_/g, ' ');
}

export async function fetchReview(sessionId: string, signal?: AbortSignal): Promise<ReviewState> {
  const r = reviewSchema.parse(
    await api.get(`/api/sessions/${encodeURIComponent(sessionId)}/review`, undefined, signal),
  );
  return {
    claim: r.claim ? toClaim(r.claim) : null,
    assignment: r.assignment ? { id: r.assignment.id, name: r.assignment.name } : null,
    notes: r.notes.map((n) => ({ id: n.id, body: n.body, author: n.author.name, createdAt: n.created_at })),
    pending: r.pending ? toDecision(r.pending) : null,
    decisions: r.decisions.map(toDecision),
  };
}

export async function claimCase(sessionId: string): Promise<Claim> {
  const res = z
    .looseObject({ claim: claimSchema })
    .parse(await api.post(`/api/sessions/${encodeURIComponent(sessionId)}/claim`));
  return toClaim(res.claim);
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
    const staged = z.looseObject({ staged: decisionSchema }).safeParse(res.body);
    const rules = staged.success ? staged.data.staged.four_eyes_rules : [];
    return { kind: 'staged', reason: rules.length ? `Four-eyes: ${rules.map(ruleText).join('; ')}.` : null };
  }
  return { kind: 'sent' };
}

export async function confirmPending(pendingId: string): Promise<void> {
  await api.post(`/api/review/pending/${encodeURIComponent(pendingId)}/confirm`);
}

export async function rejectPending(pendingId: string, comment: string): Promise<void> {
  await api.post(`/api/review/pending/${encodeURIComponent(pendingId)}/reject`, { comment });
}

/** The requester takes back their own staged decision (the reason is optional). */
export async function withdrawPending(pendingId: string, comment?: string): Promise<void> {
  await api.post(`/api/review/pending/${encodeURIComponent(pendingId)}/withdraw`, comment ? { comment } : {});
}

const decisionList = z.looseObject({ items: z.array(decisionSchema) });

/** Staged decisions the signed-in reviewer may confirm (everyone's but their own), oldest first. */
export async function fetchAwaitingMe(signal?: AbortSignal): Promise<Decision[]> {
  return decisionList
    .parse(await api.get('/api/review/awaiting-me', { limit: 200 }, signal))
    .items.map(toDecision);
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
  comment: string,
  nodeId?: string | null,
): Promise<void> {
  await api.patch(`/api/sessions/${encodeURIComponent(sessionId)}/aml-hits/${encodeURIComponent(hitId)}`, {
    review_status: reviewStatus,
    comment,
    ...(nodeId ? { node_id: nodeId } : {}),
  });
}

/** Marks several hits False Positive with one comment (one action: undone together). */
export async function dismissAmlHits(sessionId: string, hitIds: string[], comment: string): Promise<void> {
  await api.post(`/api/sessions/${encodeURIComponent(sessionId)}/aml-hits/false-positive`, {
    hit_ids: hitIds,
    comment,
  });
}

export async function undoAmlAction(sessionId: string, actionId: string): Promise<void> {
  await api.post(`/api/sessions/${encodeURIComponent(sessionId)}/aml-dispositions/undo`, {
    action_id: actionId,
  });
}

const dispositionSchema = z.looseObject({
  id,
  action_id: z.string(),
  hit_id: z.string(),
  previous_status: z.string().nullable(),
  new_status: z.string(),
  comment: z.string(),
  actor: person,
  created_at: z.string(),
  undoes_action: z.string().nullable(),
});

const dispositionsSchema = z.looseObject({
  items: z.array(dispositionSchema),
  last_action: z
    .looseObject({
      action_id: z.string(),
      actor_id: z.string(),
      hit_ids: z.array(z.string()),
      new_status: z.string(),
    })
    .nullable(),
});

export interface AmlDispositionEntry {
  id: string;
  hitId: string;
  previousStatus: string | null;
  newStatus: string;
  comment: string;
  actor: string;
  at: string;
  isUndo: boolean;
}

export interface AmlDispositions {
  items: AmlDispositionEntry[];
  lastAction: { actionId: string; actorId: string; hitIds: string[]; newStatus: string } | null;
}

export async function fetchAmlDispositions(
  sessionId: string,
  signal?: AbortSignal,
): Promise<AmlDispositions> {
  const r = dispositionsSchema.parse(
    await api.get(`/api/sessions/${encodeURIComponent(sessionId)}/aml-dispositions`, undefined, signal),
  );
  return {
    items: r.items.map((d) => ({
      id: d.id,
      hitId: d.hit_id,
      previousStatus: d.previous_status,
      newStatus: d.new_status,
      comment: d.comment,
      actor: d.actor.name,
      at: d.created_at,
      isUndo: d.undoes_action !== null,
    })),
    lastAction: r.last_action
      ? {
          actionId: r.last_action.action_id,
          actorId: r.last_action.actor_id,
          hitIds: r.last_action.hit_ids,
          newStatus: r.last_action.new_status,
        }
      : null,
  };
}

const reasonCodesSchema = z.looseObject({
  reason_codes: z.record(z.string(), z.array(z.looseObject({ code: z.string(), label: z.string() }))),
});

export interface ReasonCode {
  code: string;
  label: string;
}

/** The catalogue per decision (`Approved`, `Declined`, `Resubmitted`). */
export async function fetchReasonCodes(): Promise<Record<string, ReasonCode[]>> {
  const r = reasonCodesSchema.parse(await api.get('/api/review/reason-codes'));
  return Object.fromEntries(
    Object.entries(r.reason_codes).map(([k, v]) => [k, v.map((c) => ({ code: c.code, label: c.label }))]),
  );
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

/**
 * A KYB company document, streamed through the console (the presigned link never reaches the browser):
 * `node` is its verification's position in `document_verifications`, `row` its position in `documents`.
 */
export const companyDocumentPath = (sessionId: string, node: number, row: number) =>
  `/api/sessions/${encodeURIComponent(sessionId)}/documents/${node}-${row}`;
