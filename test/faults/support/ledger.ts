import { signatureHeaders } from '@console/didit/signature';
import type { PlannedEvent } from './events.ts';

/**
 * The ledgered sender: delivers signed webhooks the way Didit does and writes down every attempt and its
 * outcome, so the checker can tell "acknowledged" (some attempt got a 2xx) from "sent" (some attempt left).
 *
 * Didit's schedule (docs/didit.md §3.3): a 5 s timeout; on 5xx, 404 or timeout, two retries after
 * ~1 min and ~4 min. Compressed here by `retryDelaysMs`. Past Didit's two retries an operator would replay
 * from Didit's console; `replayUntilMs` models that, so a scenario can end with everything acknowledged.
 */
interface Attempt {
  at: number;
  ms: number;
  /** HTTP status, or `timeout` / `network` when no response arrived. */
  outcome: number | 'timeout' | 'network';
  /** `X-Timestamp` the attempt carried. */
  signedAt: number;
}

interface LedgerEntry {
  event: PlannedEvent;
  /** Several deliveries of one event (Didit fan-out, a duplicate in the burst): each has its own attempts. */
  deliveries: Attempt[][];
  acknowledged: boolean;
}

interface SenderOptions {
  /** Where to POST; read at each attempt so a restarted server on a new port can be followed. */
  target: () => string;
  secret: string;
  concurrency?: number;
  timeoutMs?: number;
  retryDelaysMs?: number[];
  /** Keep replaying unacknowledged deliveries every `replayEveryMs` until this epoch ms. */
  replayUntilMs?: number;
  replayEveryMs?: number;
  /** Seconds since epoch, for `X-Timestamp`. */
  nowSeconds?: () => number;
}

export class Ledger {
  readonly entries = new Map<string, LedgerEntry>();
  statusCounts = new Map<string, number>();

  entry(event: PlannedEvent): LedgerEntry {
    let e = this.entries.get(event.key);
    if (!e) {
      e = { event, deliveries: [], acknowledged: false };
      this.entries.set(event.key, e);
    }
    return e;
  }

  record(attempt: Attempt) {
    const k = String(attempt.outcome);
    this.statusCounts.set(k, (this.statusCounts.get(k) ?? 0) + 1);
  }

  get events() {
    return [...this.entries.values()];
  }
  get sent() {
    return this.events.filter((e) => e.deliveries.some((d) => d.length > 0));
  }
  get acknowledged() {
    return this.events.filter((e) => e.acknowledged);
  }
  count(pred: (a: Attempt) => boolean): number {
    let n = 0;
    for (const e of this.entries.values()) for (const d of e.deliveries) for (const a of d) if (pred(a)) n++;
    return n;
  }
  /** Answers a valid, signed, in-window delivery should never get: Didit would drop the event. */
  get wronglyRejected(): Attempt[] {
    const out: Attempt[] = [];
    for (const e of this.entries.values())
      for (const d of e.deliveries)
        for (const a of d)
          if (typeof a.outcome === 'number' && a.outcome >= 400 && a.outcome < 500 && a.outcome !== 404)
            out.push(a);
    return out;
  }
}

const RETRYABLE = (o: Attempt['outcome']) =>
  o === 'timeout' || o === 'network' || o === 404 || (typeof o === 'number' && o >= 500);

export class LedgeredSender {
  readonly ledger = new Ledger();
  private readonly o: Required<Omit<SenderOptions, 'replayUntilMs'>> & { replayUntilMs: number };

  constructor(opts: SenderOptions) {
    this.o = {
      concurrency: 16,
      timeoutMs: 5_000,
      retryDelaysMs: [1_000, 4_000],
      replayEveryMs: 1_000,
      replayUntilMs: 0,
      nowSeconds: () => Math.floor(Date.now() / 1000),
      ...opts,
    };
  }

  /** One attempt, recorded. */
  async attempt(event: PlannedEvent, delivery: Attempt[]): Promise<Attempt> {
    // The first attempt is signed at the event's own time (Didit's X-Timestamp equals the body's); a late
    // retry is re-signed with the current time so it stays inside the ±300 s window, as a replay would be.
    const now = this.o.nowSeconds();
    const signedAt = delivery.length === 0 || now - event.timestamp < 240 ? event.timestamp : now;
    const headers = {
      'Content-Type': 'application/json',
      'User-Agent': 'DiditWebhook/2.0 +https://didit.me',
      ...signatureHeaders(event.raw, this.o.secret, signedAt),
    };
    const started = Date.now();
    let outcome: Attempt['outcome'];
    try {
      const res = await fetch(`${this.o.target()}/webhooks/didit`, {
        method: 'POST',
        headers,
        body: event.raw,
        signal: AbortSignal.timeout(this.o.timeoutMs),
      });
      outcome = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch (err) {
      outcome = (err as Error).name === 'TimeoutError' ? 'timeout' : 'network';
    }
    const a: Attempt = { at: started, ms: Date.now() - started, outcome, signedAt };
    delivery.push(a);
    this.ledger.record(a);
    if (typeof outcome === 'number' && outcome >= 200 && outcome < 300)
      this.ledger.entry(event).acknowledged = true;
    return a;
  }

  private retryDelay(failures: number): number | undefined {
    if (failures <= this.o.retryDelaysMs.length) return this.o.retryDelaysMs[failures - 1]!;
    return Date.now() + this.o.replayEveryMs < this.o.replayUntilMs ? this.o.replayEveryMs : undefined;
  }

  /**
   * Sends every delivery in the given order with bounded concurrency (Didit fans out too); a failed attempt
   * waits for its retry outside the pool, as Didit's retry queue does, so the burst keeps flowing. Resolves
   * when every delivery is acknowledged or given up. `onProgress` is called after each first attempt starts,
   * so a scenario can inject its fault part-way through the burst.
   */
  async burst(deliveries: PlannedEvent[], onProgress?: (firstAttempts: number) => void): Promise<void> {
    type Job = { event: PlannedEvent; delivery: Attempt[] };
    const queue: Job[] = deliveries.map((event) => {
      const delivery: Attempt[] = [];
      this.ledger.entry(event).deliveries.push(delivery);
      return { event, delivery };
    });
    queue.reverse();
    let firstAttempts = 0;
    let waitingRetries = 0;
    let wake: (() => void) | undefined;
    const poke = () => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    const worker = async () => {
      for (;;) {
        const job = queue.pop();
        if (!job) {
          if (waitingRetries === 0) {
            poke();
            return;
          }
          await new Promise<void>((r) => {
            const prev = wake;
            wake = () => {
              prev?.();
              r();
            };
          });
          continue;
        }
        if (job.delivery.length === 0) onProgress?.(++firstAttempts);
        const a = await this.attempt(job.event, job.delivery);
        if (typeof a.outcome === 'number' && a.outcome >= 200 && a.outcome < 300) continue;
        if (!RETRYABLE(a.outcome)) continue;
        const delay = this.retryDelay(job.delivery.length);
        if (delay === undefined) continue;
        waitingRetries++;
        setTimeout(() => {
          waitingRetries--;
          queue.push(job);
          poke();
        }, delay);
      }
    };
    await Promise.all(Array.from({ length: this.o.concurrency }, worker));
  }
}
