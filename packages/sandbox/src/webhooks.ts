import { type PyValue, parsePythonJson, pythonDumps } from '@console/didit/python-json';
import { signatureHeaders } from '@console/didit/signature';
import type { Obj } from './generator-context.ts';
import type { Timers, WorkTracker } from './idle.ts';
import { type MediaSigner, refreshMediaUrls } from './media.ts';
import { DECISION_STATUSES, wireStatus } from './statuses.ts';
import type { DestinationRecord, SessionRecord, Store } from './store.ts';

/** docs/didit.md §3.2: the only names a destination can subscribe to. */
export const WEBHOOK_EVENTS = [
  'status.updated',
  'data.updated',
  'user.status.updated',
  'user.data.updated',
  'business.status.updated',
  'business.data.updated',
  'activity.created',
  'transaction.created',
  'transaction.status.updated',
] as const;
type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

const WEBHOOK_USER_AGENT = 'DiditWebhook/2.0 +https://didit.me';

export interface DeliveryRecord {
  event_id: string;
  webhook_type: string;
  /** The session, or for a User/Business entity event the entity's vendor_data. */
  session_id: string;
  destination_id: string;
  url: string;
  /** 1 for the first try, 2 and 3 for Didit's two retries. */
  attempt: number;
  status?: number;
  error?: string;
  at: string;
  duration_ms: number;
}

interface DispatcherDeps {
  store: Store;
  clock: { now(): Date };
  retryDelaysMs: number[];
  timeoutMs: number;
  work: WorkTracker;
  timers: Timers;
  signer: () => MediaSigner;
  /** Told of every session event before it is sent, so the session's User/Business entity can follow. */
  onSessionEvent?: (rec: SessionRecord) => void;
}

/**
 * Signs and delivers webhooks as docs/didit.md §3.3–§3.6 describe: one `event_id` per event, reused on every retry and
 * every destination; retried on 5xx, 404, timeout (and refused connections) after each delay, then dropped.
 * Each attempt is re-signed with a fresh `timestamp`, so a late retry still passes the 300 s window.
 * Events of one session leave in order (the next waits for the previous one's first attempts).
 */
export class WebhookDispatcher {
  readonly records: DeliveryRecord[] = [];
  private readonly chains = new Map<string, Promise<void>>();
  private readonly inflight = new Set<AbortController>();
  private closed = false;

  constructor(private readonly deps: DispatcherDeps) {}

  /**
   * `data.updated` carries a `trigger` naming what changed the data [D:kyb-wh] (registry refresh, key-people
   * submission, document upload, AML rescan, hit disposition); Didit's pages name the causes, not the strings,
   * so the values passed here are the sandbox's own labels.
   */
  emit(rec: SessionRecord, type: WebhookEvent, extra: Obj = {}): Promise<void> {
    this.deps.onSessionEvent?.(rec);
    const targets = this.deps.store
      .liveDestinations(rec.app)
      .filter((d) => d.enabled && d.subscribedEvents.includes(type));
    if (targets.length === 0 || this.closed) return Promise.resolve();
    const envelope = this.envelope(rec, type, extra);
    this.deps.work.begin();
    const previous = this.chains.get(rec.id) ?? Promise.resolve();
    const tail: Promise<void> = previous
      .then(() => Promise.all(targets.map((d) => this.attempt(envelope, d, 1))))
      .then(() => undefined)
      .finally(() => {
        if (this.chains.get(rec.id) === tail) this.chains.delete(rec.id);
        this.deps.work.end();
      });
    this.chains.set(rec.id, tail);
    return tail;
  }

  /**
   * An entity event (https://docs.didit.me/entities/webhooks): flat, `webhook_type` at the top, its own
   * event_id; sent to destinations subscribed to its type.
   */
  emitEntity(app: SessionRecord['app'], type: WebhookEvent, vendorData: string, fields: Obj): Promise<void> {
    const targets = this.deps.store
      .liveDestinations(app)
      .filter((d) => d.enabled && d.subscribedEvents.includes(type));
    if (targets.length === 0 || this.closed) return Promise.resolve();
    const envelope: Obj = {
      event_id: this.deps.store.rng.uuid(),
      webhook_type: type,
      vendor_data: vendorData,
      ...fields,
    };
    this.deps.work.begin();
    return Promise.all(targets.map((d) => this.attempt(envelope, d, 1)))
      .then(() => undefined)
      .finally(() => this.deps.work.end());
  }

  private envelope(rec: SessionRecord, type: WebhookEvent, extra: Obj): Obj {
    const now = Math.floor(this.deps.clock.now().getTime() / 1000);
    const env: Obj = {
      event_id: this.deps.store.rng.uuid(),
      webhook_type: type,
      created_at: now,
      application_id: rec.app.application_id,
      environment: 'sandbox',
      session_id: rec.id,
      status: wireStatus(rec, rec.status),
      workflow_id: rec.workflow.workflow_id,
      workflow_version: rec.workflowVersion,
    };
    if (rec.vendorData !== null) env.vendor_data = rec.vendorData;
    if (rec.metadata !== null) env.metadata = rec.metadata;
    // Every session payload names its kind; KYB ones add business_session_id [D:kyb-wh][D:dest-create].
    env.session_kind = rec.kind;
    if (rec.kind === 'business') env.business_session_id = rec.id;
    // `decision` only for the four statuses that carry one [S0], data.updated included [D:kyb-wh].
    if (DECISION_STATUSES.has(rec.status)) {
      // A snapshot: the session may move on before this event (or its retries) leave.
      env.decision = parsePythonJson(pythonDumps(rec.decision));
    }
    return { ...env, ...extra };
  }

  private async attempt(envelope: Obj, dest: DestinationRecord, attempt: number): Promise<void> {
    if (this.closed || dest.deleted) return;
    const now = this.deps.clock.now();
    const ts = Math.floor(now.getTime() / 1000);
    const body = refreshMediaUrls(pythonDumps({ ...envelope, timestamp: ts } as PyValue), this.deps.signer());
    const headers = {
      'content-type': 'application/json',
      'user-agent': WEBHOOK_USER_AGENT,
      ...signatureHeaders(body, dest.secret, ts),
    };
    const ctrl = new AbortController();
    this.inflight.add(ctrl);
    const timer = setTimeout(() => ctrl.abort(), this.deps.timeoutMs);
    const started = performance.now();
    let status: number | undefined;
    let error: string | undefined;
    try {
      const res = await fetch(dest.url, {
        method: 'POST',
        body,
        headers,
        signal: ctrl.signal,
        redirect: 'manual',
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch (err) {
      error = ctrl.signal.aborted
        ? this.closed
          ? 'aborted'
          : 'timeout'
        : String((err as Error).cause ?? err);
    } finally {
      clearTimeout(timer);
      this.inflight.delete(ctrl);
    }
    const record: DeliveryRecord = {
      event_id: envelope.event_id as string,
      webhook_type: envelope.webhook_type as string,
      session_id: (envelope.session_id ?? envelope.vendor_data) as string,
      destination_id: dest.uuid,
      url: dest.url,
      attempt,
      at: now.toISOString(),
      duration_ms: Math.round(performance.now() - started),
    };
    if (status !== undefined) record.status = status;
    if (error !== undefined) record.error = error;
    this.records.push(record);
    const retry = error !== undefined || (status !== undefined && (status >= 500 || status === 404));
    const delay = this.deps.retryDelaysMs[attempt - 1];
    if (retry && delay !== undefined && !this.closed) {
      this.deps.timers.after(delay, () => this.attempt(envelope, dest, attempt + 1));
    }
  }

  close(): void {
    this.closed = true;
    for (const c of this.inflight) c.abort();
  }
}
