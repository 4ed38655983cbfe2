import { type ApiResponse, client, postWithStatus } from '../../api/contract.ts';
import { type QueueRow, toQueueRow } from '../queue/queue.api.ts';

/* DTOs are the API's own types (@console/contract); this file maps them to the case page's views. */
type ReviewDto = ApiResponse<'/api/sessions/{id}/review', 'get'>;
type ClaimDto = NonNullable<ReviewDto['claim']>;
type DecisionDto = ReviewDto['decisions'][number];
/** Where an imported case came from: codes and data (api/src/sessions/provenance.view.ts), worded here. */
export type Provenance = NonNullable<ApiResponse<'/api/sessions/{id}', 'get'>['provenance']>;

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
  provenance: Provenance | null;
  shares: Record<string, unknown>[];
}

export async function fetchCase(sessionId: string, signal?: AbortSignal): Promise<CaseData> {
  const c = await client.get('/api/sessions/{id}', { path: { id: sessionId }, signal });
  return {
    row: toQueueRow(c.session),
    sharedFromSession: c.session.shared_from_session,
    decision: (c.session.decision as Record<string, unknown> | null) ?? {},
    metadata: c.session.metadata,
    history: c.history.map((h) => ({
      status: h.status ?? '—',
      at: h.at,
      source: h.source,
      eventId: h.event_id,
    })),
    provenance: c.provenance ?? null,
    shares: c.shares as Record<string, unknown>[],
  };
}

export async function refreshCase(sessionId: string): Promise<void> {
  await client.post('/api/sessions/{id}/refresh', { path: { id: sessionId } });
}

/* ---------- review state: claim, notes, staged (four-eyes) decisions ---------- */

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

interface ReviewState {
  claim: Claim | null;
  /** Whose desk the case is on (does not lapse, unlike the claim). */
  assignment: { id: string; name: string } | null;
  notes: Note[];
  pending: Decision | null;
  decisions: Decision[];
}

function toClaim(c: ClaimDto): Claim {
  return {
    sessionId: c.session_id,
    userId: c.holder.id,
    holder: c.holder.name,
    claimedAt: c.claimed_at,
    expiresAt: c.expires_at,
  };
}

function toDecision(d: DecisionDto): Decision {
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
    rejectedAt: d.rejected_at,
    rejectComment: d.reject_comment,
    diditError: d.didit?.error_code ?? null,
  };
}

export async function fetchReview(sessionId: string, signal?: AbortSignal): Promise<ReviewState> {
  const r = await client.get('/api/sessions/{id}/review', { path: { id: sessionId }, signal });
  return {
    claim: r.claim ? toClaim(r.claim) : null,
    assignment: r.assignment ? { id: r.assignment.id, name: r.assignment.name } : null,
    notes: r.notes.map((n) => ({ id: n.id, body: n.body, author: n.author.name, createdAt: n.created_at })),
    pending: r.pending ? toDecision(r.pending) : null,
    decisions: r.decisions.map(toDecision),
  };
}

export async function claimCase(sessionId: string): Promise<Claim> {
  const res = await client.post('/api/sessions/{id}/claim', { path: { id: sessionId } });
  return toClaim(res.claim);
}

export async function releaseCase(sessionId: string): Promise<void> {
  await client.delete('/api/sessions/{id}/claim', { path: { id: sessionId } });
}

export type NewStatus = 'Approved' | 'Declined' | 'Resubmitted';

interface DecisionInput {
  new_status: NewStatus;
  comment: string;
  reason_codes: string[];
  nodes_to_resubmit?: { node_id: string; feature: string }[];
}

/** 200: Didit accepted the new status. 202: staged for a second reviewer (four-eyes). */
export async function decide(
  sessionId: string,
  input: DecisionInput,
): Promise<{ kind: 'sent' } | { kind: 'staged'; rules: string[] }> {
  const res = await postWithStatus('/api/sessions/{id}/status', { path: { id: sessionId }, body: input });
  if (res.status === 202) {
    return { kind: 'staged', rules: res.body.staged.four_eyes_rules };
  }
  return { kind: 'sent' };
}

export async function confirmPending(pendingId: string): Promise<void> {
  await client.post('/api/review/pending/{id}/confirm', { path: { id: pendingId } });
}

export async function rejectPending(pendingId: string, comment: string): Promise<void> {
  await client.post('/api/review/pending/{id}/reject', { path: { id: pendingId }, body: { comment } });
}

/** The requester takes back their own staged decision (the reason is optional). */
export async function withdrawPending(pendingId: string, comment?: string): Promise<void> {
  await client.post('/api/review/pending/{id}/withdraw', {
    path: { id: pendingId },
    body: comment ? { comment } : {},
  });
}

/** Staged decisions the signed-in reviewer may confirm (everyone's but their own), oldest first. */
export async function fetchAwaitingMe(signal?: AbortSignal): Promise<Decision[]> {
  const r = await client.get('/api/review/awaiting-me', { query: { limit: 200 }, signal });
  return r.items.map(toDecision);
}

export async function addNote(sessionId: string, body: string): Promise<void> {
  await client.post('/api/sessions/{id}/notes', { path: { id: sessionId }, body: { body } });
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
  await client.patch('/api/sessions/{id}/aml-hits/{hitId}', {
    path: { id: sessionId, hitId },
    body: { review_status: reviewStatus, comment, ...(nodeId ? { node_id: nodeId } : {}) },
  });
}

/** Marks several hits False Positive with one comment (one action: undone together). */
export async function dismissAmlHits(sessionId: string, hitIds: string[], comment: string): Promise<void> {
  await client.post('/api/sessions/{id}/aml-hits/false-positive', {
    path: { id: sessionId },
    body: { hit_ids: hitIds, comment },
  });
}

export async function undoAmlAction(sessionId: string, actionId: string): Promise<void> {
  await client.post('/api/sessions/{id}/aml-dispositions/undo', {
    path: { id: sessionId },
    body: { action_id: actionId },
  });
}

interface AmlDispositionEntry {
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
  const r = await client.get('/api/sessions/{id}/aml-dispositions', { path: { id: sessionId }, signal });
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

export interface ReasonCode {
  code: string;
  label: string;
}

/** The catalogue per decision (`Approved`, `Declined`, `Resubmitted`). */
export async function fetchReasonCodes(): Promise<Record<string, ReasonCode[]>> {
  const r = await client.get('/api/review/reason-codes');
  return Object.fromEntries(
    Object.entries(r.reason_codes).map(([k, v]) => [k, v.map((c) => ({ code: c.code, label: c.label }))]),
  );
}

export interface MediaItem {
  key: string;
  label: string;
  nodeId: string | null;
  feature: string | null;
  url: string;
}

export async function fetchMedia(sessionId: string, signal?: AbortSignal): Promise<MediaItem[]> {
  const r = await client.get('/api/sessions/{id}/media', { path: { id: sessionId }, signal });
  return r.items.map((m) => ({
    key: m.key,
    label: m.label || m.key,
    nodeId: m.node_id,
    feature: m.feature,
    url: `/api/sessions/${encodeURIComponent(sessionId)}/media/${encodeURIComponent(m.key)}`,
  }));
}

/**
 * A KYB company document, streamed through the console (the presigned link never reaches the browser):
 * `node` is its verification's position in `document_verifications`, `row` its position in `documents`.
 */
export const companyDocumentPath = (sessionId: string, node: number, row: number) =>
  `/api/sessions/${encodeURIComponent(sessionId)}/documents/${node}-${row}`;
