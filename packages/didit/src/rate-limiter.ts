import { createHash } from 'node:crypto';
import { type Clock, systemClock } from './clock.ts';

export type RateKind = 'get' | 'write';
export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export interface DiditRateLimiterOptions {
  /** Didit's `generic-get` scope: 600 per API key per sliding minute (docs/didit.md §7). */
  getPerMinute?: number;
  /** Didit's `generic-write` scope (POST, PATCH, DELETE): 300 per sliding minute. */
  writePerMinute?: number;
  clock?: Clock;
  sleep?: Sleep;
  /** The window Didit counts over; tests shrink it. */
  windowMs?: number;
  /**
   * Added to the window on our side: a request leaves here a little before Didit counts it, so two starts
   * exactly one window apart here could land inside one window there.
   */
  marginMs?: number;
}

export interface RateLimiterStats {
  get: { limit: number; inWindow: number; waiting: number; acquired: number };
  write: { limit: number; inWindow: number; waiting: number; acquired: number };
  pausedUntil: number | null;
  totalWaitedMs: number;
}

class Lane {
  /** Start times (epoch ms) inside the current window, oldest first; `head` skips pruned entries. */
  private starts: number[] = [];
  private head = 0;
  /** Acquirers queue behind this, so slots go out in arrival order and the check-then-take is atomic. */
  tail: Promise<void> = Promise.resolve();
  waiting = 0;
  acquired = 0;

  constructor(readonly limit: number) {}

  prune(now: number, span: number) {
    while (this.head < this.starts.length && this.starts[this.head]! + span <= now) this.head++;
    if (this.head > 1024 && this.head * 2 > this.starts.length) {
      this.starts = this.starts.slice(this.head);
      this.head = 0;
    }
  }

  get inWindow() {
    return this.starts.length - this.head;
  }

  get oldest() {
    return this.starts[this.head]!;
  }

  take(now: number) {
    this.starts.push(now);
    this.acquired++;
  }
}

/**
 * One per API key, shared by every caller of that key (sync jobs, reviewer actions, backfills): never more
 * than N request starts in any window, per scope. Callers wait for a slot rather than fail. A 429 from Didit
 * means someone else spends the same key (another process, the Didit console) or our clocks disagree, so
 * `pauseUntil` stops both scopes until Didit says the window has room again.
 */
export class DiditRateLimiter {
  private readonly lanes: Record<RateKind, Lane>;
  private readonly clock: Clock;
  private readonly sleep: Sleep;
  private readonly span: number;
  private pausedUntilMs = 0;
  private totalWaitedMs = 0;

  constructor({
    getPerMinute = 600,
    writePerMinute = 300,
    clock = systemClock,
    sleep = realSleep,
    windowMs = 60_000,
    marginMs = 250,
  }: DiditRateLimiterOptions = {}) {
    for (const [name, n] of [
      ['getPerMinute', getPerMinute],
      ['writePerMinute', writePerMinute],
    ] as const) {
      if (!Number.isInteger(n) || n < 1) throw new RangeError(`${name} must be a positive integer`);
    }
    this.lanes = { get: new Lane(getPerMinute), write: new Lane(writePerMinute) };
    this.clock = clock;
    this.sleep = sleep;
    this.span = windowMs + marginMs;
  }

  /**
   * Resolves when a request of this kind may start; returns how long the caller waited (ms). One process owns
   * the key here (the embedded database), so a caller's `maxWaitMs` is not needed: every wait is this
   * process's own queue.
   */
  async acquire(kind: RateKind, _opts?: { maxWaitMs?: number }): Promise<number> {
    const lane = this.lanes[kind];
    const began = this.now();
    lane.waiting++;
    const turn = lane.tail.then(() => this.takeSlot(lane));
    lane.tail = turn.catch(() => undefined);
    try {
      await turn;
    } finally {
      lane.waiting--;
    }
    const waited = Math.max(0, this.now() - began);
    this.totalWaitedMs += waited;
    return waited;
  }

  /** Stop every scope for `ms` from now (a 429 asked for it). */
  pauseFor(ms: number): void {
    this.pauseUntil(this.now() + ms);
  }

  /** Stop every scope until `epochMs` (only ever extends an existing pause). */
  pauseUntil(epochMs: number): void {
    if (Number.isFinite(epochMs) && epochMs > this.pausedUntilMs) this.pausedUntilMs = epochMs;
  }

  stats(): RateLimiterStats {
    const now = this.now();
    const lane = (l: Lane) => {
      l.prune(now, this.span);
      return { limit: l.limit, inWindow: l.inWindow, waiting: l.waiting, acquired: l.acquired };
    };
    return {
      get: lane(this.lanes.get),
      write: lane(this.lanes.write),
      pausedUntil: this.pausedUntilMs > now ? this.pausedUntilMs : null,
      totalWaitedMs: this.totalWaitedMs,
    };
  }

  private now() {
    return this.clock.now().getTime();
  }

  private async takeSlot(lane: Lane): Promise<void> {
    for (;;) {
      const now = this.now();
      if (this.pausedUntilMs > now) {
        await this.sleep(this.pausedUntilMs - now);
        continue;
      }
      lane.prune(now, this.span);
      if (lane.inWindow < lane.limit) {
        lane.take(now);
        return;
      }
      await this.sleep(lane.oldest + this.span - now);
    }
  }
}

/** The registry's key: a fingerprint, so the map never holds a second copy of the key itself. */
export function apiKeyFingerprint(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex').slice(0, 16);
}

/**
 * The limiter for an API key, created on first use (with that first caller's options). The registry belongs
 * to the composition root, so every client built for the same key (per request, per job) draws from one budget.
 */
export function rateLimiterFor(
  apiKey: string,
  registry: Map<string, DiditRateLimiter>,
  options?: DiditRateLimiterOptions,
): DiditRateLimiter {
  const id = apiKeyFingerprint(apiKey);
  let limiter = registry.get(id);
  if (!limiter) {
    limiter = new DiditRateLimiter(options);
    registry.set(id, limiter);
  }
  return limiter;
}

/** A caller's bound on its wait for a slot was reached: nothing was sent. */
export class RateWaitExceeded extends Error {
  constructor(readonly retryAfterMs: number) {
    super('no Didit rate slot within the wait this call allows');
    this.name = 'RateWaitExceeded';
  }
}

/** What the transport needs from a limiter: the in-process one (embedded database) or this one. */
export interface RateBudget {
  /**
   * Resolves when a request of this kind may start; returns how long the caller waited (ms). With
   * `maxWaitMs`, rejects with `RateWaitExceeded` as soon as the slot cannot come within it.
   */
  acquire(kind: RateKind, opts?: { maxWaitMs?: number }): Promise<number>;
  /** Stop every scope for `ms` (a 429 told us to); only ever extends a pause. */
  pauseFor(ms: number): void;
  stats(): RateLimiterStats;
}
