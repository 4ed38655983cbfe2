import { type Kysely, sql } from 'kysely';
import type { DB } from '../../schema.ts';
import type { Clock } from '../clock.ts';

/**
 * The database server's time, read without a query per call: `now()` is the database time measured at the
 * last sync plus the monotonic time elapsed since (`performance.now()`, which no NTP step or wrong host
 * clock moves). Every process on one database then agrees on what time it is, to within half a round trip
 * plus the drift of a monotonic clock over `resyncMs` (microseconds); leases, claim expiry, sign-in locks and
 * login-session timeouts all use it (docs/replicas.md, "Clocks"). It never runs backwards across a resync.
 */
export class DatabaseClock implements Clock {
  private anchorDbMs = 0;
  private anchorPerfMs = 0;
  private lastMs = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Round trip of the sample in use: the error bound is half of it. */
  uncertaintyMs = Number.POSITIVE_INFINITY;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly resyncMs = 60_000,
  ) {}

  /** Samples a few times (keeping the fastest round trip), then resyncs in the background. */
  async start(): Promise<this> {
    for (let i = 0; i < 3; i++) await this.sync(true);
    this.timer = setInterval(() => {
      this.sync(false).catch(() => {
        // Keep the last anchor: the monotonic clock carries on from it.
      });
    }, this.resyncMs);
    this.timer.unref();
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  now(): Date {
    const ms = this.anchorDbMs + (performance.now() - this.anchorPerfMs);
    this.lastMs = Math.max(this.lastMs, ms);
    return new Date(this.lastMs);
  }

  private async sync(keepBest: boolean): Promise<void> {
    const t0 = performance.now();
    const { rows } = await sql<{ ms: number }>`
      select (extract(epoch from clock_timestamp()) * 1000)::float8 as ms`.execute(this.db);
    const t1 = performance.now();
    const rtt = t1 - t0;
    // During start-up keep the tightest sample; later ones refresh the anchor unless they were far slower.
    if (keepBest && rtt > this.uncertaintyMs) return;
    if (!keepBest && rtt > Math.max(4 * this.uncertaintyMs, 50)) return;
    this.anchorDbMs = rows[0]!.ms + rtt / 2;
    this.anchorPerfMs = t1;
    this.uncertaintyMs = rtt;
  }
}
