import { createHash } from 'node:crypto';
import { SESSION_WEBHOOK_EVENTS } from '@console/didit/events';
import { isLegacyDecision } from '@console/didit/legacy-decision';
import type { SignatureScheme } from '@console/didit/signature';
import { STATUS_KEYS_WITH_DECISION, statusKey } from '@console/didit/statuses';
import { redactLinksInJson } from './redact-links.ts';
import { type DecisionColumns, deriveSessionColumns } from './session-columns.ts';
import type { ApplyState, EventSource } from './sessions.tables.ts';

/** One event, ready to store and fold. Built by the functions below, never by hand in a handler. */
export interface EventInput {
  source: EventSource;
  eventKey: string;
  eventId: string | null;
  webhookType: string | null;
  sessionId: string | null;
  status: string | null;
  occurredAt: Date;
  tiebreak: string;
  receivedAt: Date;
  signatureScheme: SignatureScheme | null;
  rawBody: Uint8Array;
  /** JSON text Postgres accepts as jsonb, or null (unparseable body). */
  payloadJson: string | null;
  decisionAt: 'root' | 'decision' | null;
  /** What `sessions` shows of the decision (`deriveSessionColumns`), computed once here; null without one. */
  decisionColumns: DecisionColumns | null;
  hasMetadata: boolean;
  sessionKind: 'user' | 'business' | null;
  sessionNumber: number | null;
  workflowId: string | null;
  workflowVersion: number | null;
  vendorData: string | null;
  sharedFromSession: string | null;
  diditCreatedAt: Date | null;
  /** What the event should do; `applied`/`pending_fetch` become `stale` when an newer event is already in. */
  intent: Extract<ApplyState, 'applied' | 'pending_fetch' | 'failed' | 'ignored'>;
  applyError: string | null;
  /** The decision must be fetched from Didit (Simple signature, or a decision status that came without one). */
  needsFetch: boolean;
  /**
   * `bytes` decoded as UTF-8 are exactly `text` (the intake knows it). While they are still this event's
   * `rawBody` and `payloadJson`, the statements send the body once and Postgres takes the payload from the
   * bytes: an 11 KB webhook no longer crosses the socket twice.
   */
  rawText?: { bytes: Uint8Array; text: string };
}

/** The payload is the raw body's text: Postgres can take it from the bytes (see `EventInput.rawText`). */
export function payloadIsRawText(e: EventInput): boolean {
  return e.rawText !== undefined && e.rawText.bytes === e.rawBody && e.rawText.text === e.payloadJson;
}

/**
 * Webhook types that describe a verification session (docs/didit.md §3.2, §10); the rest are stored and ignored.
 * `business.*` and `user.*` are about Didit's entities (https://docs.didit.me/entities/webhooks), taken by
 * the entity intake (../entities) before this point.
 */
const SESSION_WEBHOOK_TYPES: readonly string[] = SESSION_WEBHOOK_EVENTS;

/**
 * Lifecycle rank: orders two events of one session stamped in the same instant (Didit's webhooks carry whole
 * seconds). Early statuses sort first; then the number of reviews the decision carries (Didit appends one per
 * manual update-status, so a reviewer's overturn sorts after the status it overturned even within one second;
 * a Resubmitted without a decision sorts after a decision with as many reviews); then a decision the console
 * fetched sorts before a webhook (a fetch is stamped at the start of its second, `sessions/fetch-decision.ts`
 * `fetchTime`, so a webhook of that second tying with it was delivered after it: the newer evidence);
 * everything else ties and falls back to the event key, so the order of two webhooks never depends on arrival.
 */
const STATUS_RANK = { NOT_STARTED: 0, IN_PROGRESS: 1, AWAITING_USER: 2 } as const satisfies Record<
  string,
  number
>;
const LATE_RANK = 3;

export function tiebreakFor(
  status: string | null,
  eventKey: string,
  decision?: Record<string, unknown>,
  origin: 'webhook' | 'fetched' = 'webhook',
): string {
  const rank =
    status === null ? LATE_RANK : (STATUS_RANK[statusKey(status) as keyof typeof STATUS_RANK] ?? LATE_RANK);
  const reviews = Array.isArray(decision?.reviews) ? Math.min(decision.reviews.length, 499_999) : 0;
  // Didit sends no decision with a Resubmitted webhook (only the four decision statuses carry one), so its
  // review count is unknown; it only ever follows a decision, so within one count it sorts after the
  // decision it sends back (a backend-only re-decision then carries one review more and sorts after it).
  const resubmitted = status !== null && statusKey(status) === 'RESUBMITTED' && !decision ? 1 : 0;
  const source = origin === 'fetched' ? 0 : 1;
  return `${rank}:${String(reviews * 2 + resubmitted).padStart(6, '0')}:${source}:${eventKey}`;
}

const MAX_ID = 200;
const MAX_TEXT = 1000;
/** A body may claim a time at most this far ahead of our clock; beyond, the event would pin the watermark. */
const MAX_FUTURE_MS = 300_000;

/**
 * A text column holds neither NUL (Postgres refuses it, and the event would 503 for ever) nor a lone
 * surrogate (the driver turns it into U+FFFD, so two different ids would collide). Such a value is treated
 * as absent; the raw bytes keep it exactly.
 */
const LONE_SURROGATE_TEST = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const textUnsafe = (v: string) => v.includes('\u0000') || LONE_SURROGATE_TEST.test(v);
const str = (v: unknown, max = MAX_TEXT): string | null =>
  typeof v === 'string' && v.length > 0 && v.length <= max && !textUnsafe(v) ? v : null;
const int = (v: unknown): number | null =>
  typeof v === 'number' && Number.isSafeInteger(v)
    ? v
    : typeof v === 'string' && /^\d{1,15}$/.test(v)
      ? Number(v)
      : null;
const kind = (v: unknown): 'user' | 'business' | null => (v === 'user' || v === 'business' ? v : null);
const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

function unixSeconds(v: unknown): Date | null {
  const n =
    typeof v === 'number' ? v : typeof v === 'string' && /^\d+(\.\d+)?$/.test(v) ? Number(v) : Number.NaN;
  // 2001-09-09 .. 2286: anything else is not a Unix-seconds timestamp.
  if (!Number.isFinite(n) || n < 1e9 || n > 1e10) return null;
  return new Date(Math.round(n * 1000));
}

function isoDate(v: unknown): Date | null {
  if (typeof v !== 'string' || v.length > 64) return null;
  const d = new Date(v);
  const y = d.getUTCFullYear();
  return Number.isNaN(d.getTime()) || y < 1990 || y > 2200 ? null : d;
}

const ESCAPES_POSTGRES_REFUSES = /\\u(0000|d[89a-f][0-9a-f]{2})/i;

/**
 * jsonb refuses `\u0000` and lone surrogates; the raw bytes keep them exactly, the payload gets U+FFFD.
 * Only bodies that contain such an escape pay for the walk.
 */
export function payloadJsonFor(text: string, value?: unknown): string {
  if (!ESCAPES_POSTGRES_REFUSES.test(text)) return text;
  return JSON.stringify(sanitize(value === undefined ? JSON.parse(text) : value));
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function sanitize(v: unknown): unknown {
  if (typeof v === 'string') return v.replaceAll('\u0000', '\uFFFD').replace(LONE_SURROGATE, '\uFFFD');
  if (Array.isArray(v)) return v.map(sanitize);
  if (isObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[sanitize(k) as string] = sanitize(x);
    return out;
  }
  return v;
}

export interface VerifiedWebhook {
  raw: Uint8Array;
  scheme: SignatureScheme;
  /** The parsed body; undefined when it is not JSON (only a raw-bytes signature can verify that). */
  body: unknown;
  /** The body as verification decoded it, when it did (saves decoding it again). */
  text?: string | undefined;
  headerTimestamp: number;
  receivedAt: Date;
}

/** A verified delivery → the event to store. Never throws: whatever cannot be applied becomes `failed`. */
export function eventFromWebhook(w: VerifiedWebhook): EventInput {
  const base = {
    source: 'webhook' as const,
    receivedAt: w.receivedAt,
    signatureScheme: w.scheme,
    rawBody: w.raw as Uint8Array,
    decisionAt: null,
    decisionColumns: null,
    hasMetadata: false,
    sessionKind: null,
    sessionNumber: null,
    workflowId: null,
    workflowVersion: null,
    vendorData: null,
    sharedFromSession: null,
    diditCreatedAt: null,
    needsFetch: false,
  };
  let rawText: EventInput['rawText'];
  // Only needed when the body names no event id: hashing 12 KB is not free.
  let bodyKeyMemo: string | undefined;
  const bodyKey = () => (bodyKeyMemo ??= `body-sha256:${createHash('sha256').update(w.raw).digest('hex')}`);
  const failed = (
    reason: string,
    payloadJson: string | null,
    partial: Partial<EventInput> = {},
  ): EventInput => {
    const key = partial.eventKey ?? bodyKey();
    return {
      ...base,
      ...(rawText ? { rawText } : {}),
      eventId: null,
      webhookType: null,
      sessionId: null,
      status: null,
      occurredAt: new Date(w.headerTimestamp * 1000),
      payloadJson,
      ...partial,
      eventKey: key,
      tiebreak: tiebreakFor(null, key),
      intent: 'failed',
      applyError: reason,
    };
  };

  if (w.body === undefined) return failed('body is not valid UTF-8 JSON', null);
  const received = w.text ?? Buffer.from(w.raw).toString('utf8');
  // Presigned media links and session_url are not kept: the stored body is Didit's minus those links.
  const text = redactLinksInJson(received);
  if (text !== received) base.rawBody = Buffer.from(text, 'utf8');
  const payloadJson = payloadJsonFor(text, text === received ? w.body : undefined);
  // The received text dropped a byte-order mark the bytes still have: then they are not the same.
  if (text !== received || !startsWithBom(w.raw)) rawText = { bytes: base.rawBody, text };
  const b = w.body;
  if (!isObject(b)) return failed('body is not a JSON object', payloadJson);

  const eventId = str(b.event_id, MAX_ID);
  const webhookType = str(b.webhook_type, MAX_ID);
  const sessionId = str(b.session_id, MAX_ID);
  const occurredAt =
    unixSeconds(b.timestamp) ?? unixSeconds(b.created_at) ?? new Date(w.headerTimestamp * 1000);
  const keyTime = String(b.timestamp ?? b.created_at ?? w.headerTimestamp).slice(0, 40);
  const eventKey =
    eventId ?? (textUnsafe(keyTime) ? bodyKey() : `${sessionId ?? '-'}:${webhookType ?? '-'}:${keyTime}`);
  const partial = { eventId, webhookType, sessionId, eventKey, occurredAt };

  if (webhookType === null) return failed('webhook_type is missing', payloadJson, partial);
  if (!SESSION_WEBHOOK_TYPES.includes(webhookType)) {
    return {
      ...base,
      ...(rawText ? { rawText } : {}),
      ...partial,
      status: str(b.status, MAX_ID),
      tiebreak: tiebreakFor(null, eventKey),
      payloadJson,
      intent: 'ignored',
      applyError: null,
    };
  }
  if (sessionId === null) return failed('session_id is missing or not a string', payloadJson, partial);
  if (b.status !== undefined && b.status !== null && str(b.status, MAX_ID) === null)
    return failed('status is not a string', payloadJson, partial);
  if (occurredAt.getTime() > w.receivedAt.getTime() + MAX_FUTURE_MS)
    return failed('event time is in the future', payloadJson, partial);

  const decision = b.decision;
  if (decision !== undefined && decision !== null && !isObject(decision))
    return failed('decision is not an object', payloadJson, partial);
  if (isObject(decision) && str(decision.session_id, MAX_ID) !== null && decision.session_id !== sessionId)
    return failed('decision belongs to another session', payloadJson, partial);

  const status = str(b.status, MAX_ID) ?? (isObject(decision) ? str(decision.status, MAX_ID) : null);
  // A Simple signature authenticates timestamp, session_id, status and type only: nothing else is trusted.
  const trusted = w.scheme !== 'simple';
  // A v1/v2 destination's decision (singular keys, docs/didit.md §3.6) is not the v3 decision: fetch that.
  const legacy = isObject(decision) && isLegacyDecision(decision);
  const d = trusted && isObject(decision) && !legacy ? decision : undefined;
  const missingDecision = status !== null && STATUS_KEYS_WITH_DECISION.includes(statusKey(status)) && !d;
  // data.updated without a decision says "something changed" and nothing more: fetch it too.
  const needsFetch = !trusted || legacy || (!d && (missingDecision || webhookType.endsWith('data.updated')));
  return {
    ...base,
    ...(rawText ? { rawText } : {}),
    ...partial,
    status,
    tiebreak: tiebreakFor(status, eventKey, d),
    payloadJson,
    decisionAt: d ? 'decision' : null,
    decisionColumns: d ? deriveSessionColumns(d) : null,
    hasMetadata: trusted && isObject(b.metadata),
    sessionKind: trusted ? (kind(b.session_kind) ?? kind(d?.session_kind)) : null,
    sessionNumber: trusted ? (int(b.session_number) ?? int(d?.session_number)) : null,
    workflowId: trusted ? (str(b.workflow_id, MAX_ID) ?? str(d?.workflow_id, MAX_ID)) : null,
    workflowVersion: trusted ? (int(b.workflow_version) ?? int(d?.workflow_version)) : null,
    vendorData: trusted ? (str(b.vendor_data) ?? str(d?.vendor_data)) : null,
    sharedFromSession: trusted
      ? (str(b.shared_from_session, MAX_ID) ?? str(d?.shared_from_session, MAX_ID))
      : null,
    diditCreatedAt: d ? isoDate(d.created_at) : null,
    intent: needsFetch ? 'pending_fetch' : 'applied',
    applyError: null,
    needsFetch,
  };
}

const startsWithBom = (b: Uint8Array) => b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;

/**
 * A decision fetched from Didit (`GET /v3/session/{id}/decision/`, or an import's response) → the event to
 * store. Its time is when we fetched it: it shows Didit's state as of that moment.
 */
export function eventFromDecision(input: {
  source: Exclude<EventSource, 'webhook'>;
  sessionId: string;
  decision: unknown;
  fetchedAt: Date;
  /** Unique per fetch; a backfill run uses `backfill:<run>:<session>` so a resumed run does not store twice. */
  eventKey: string;
}): EventInput {
  const text = redactLinksInJson(JSON.stringify(input.decision));
  const raw = Buffer.from(text, 'utf8');
  const d = isObject(input.decision) ? input.decision : {};
  const status = str(d.status, MAX_ID);
  const sameSession = d.session_id === undefined || d.session_id === input.sessionId;
  return {
    source: input.source,
    eventKey: input.eventKey,
    eventId: null,
    webhookType: null,
    sessionId: input.sessionId,
    status,
    occurredAt: input.fetchedAt,
    tiebreak: tiebreakFor(status, input.eventKey, d, 'fetched'),
    receivedAt: input.fetchedAt,
    signatureScheme: null,
    rawBody: raw,
    payloadJson: payloadJsonFor(text),
    decisionAt: sameSession && isObject(input.decision) ? 'root' : null,
    decisionColumns: sameSession && isObject(input.decision) ? deriveSessionColumns(input.decision) : null,
    hasMetadata: isObject(d.metadata),
    sessionKind: kind(d.session_kind),
    sessionNumber: int(d.session_number),
    workflowId: str(d.workflow_id, MAX_ID),
    workflowVersion: int(d.workflow_version),
    vendorData: str(d.vendor_data),
    sharedFromSession: str(d.shared_from_session, MAX_ID),
    diditCreatedAt: isoDate(d.created_at),
    intent: sameSession ? 'applied' : 'failed',
    applyError: sameSession ? null : 'decision belongs to another session',
    needsFetch: false,
  };
}
