import {
  apiKeyFingerprint,
  type RateBudget,
  type RateKind,
  type RateLimiterStats,
  RateWaitExceeded,
  realSleep,
  type Sleep,
} from '@console/didit/rate-limiter';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../schema.ts';

export interface PostgresRateLimiterOptions {
  db: Kysely<DB>;
  apiKey: string;
  getPerMinute?: number;
  writePerMinute?: number;
  windowMs?: number;
  /**
   * Added to the window: the slot is stamped here, the request reaches Didit a little later, and a request
   * delayed on its way (a busy event loop, a slow connection) must not land inside the next window's count.
   */
  marginMs?: number;
  sleep?: Sleep;
  /** Longest single sleep between looks at the table: another process may free nothing, or pause us. */
  maxPollMs?: number;
  onError?: (err: unknown) => void;
}

interface Lane {
  limit: number;
  tail: Promise<void>;
  waiting: number;
  acquired: number;
  inWindow: number;
  slots: Promise<void> | undefined;
}

/**
 * Didit's budget for one API key, shared by every process on the database (docs/replicas.md). Each scope has
 * `limit` rows in `didit_rate_slots`; a request start takes the row whose last use is oldest and at least one
 * window (plus a margin) ago, and stamps it with the database's clock. So no window ever holds more than
 * `limit` starts, whichever process made them, and no process clock is involved. `SKIP LOCKED` lets processes
 * take different rows side by side. A 429 writes `didit_rate_pauses`, which every process honours.
 *
 * Inside one process, callers of a scope still queue first-come first-served (as with the in-process limiter),
 * so only the head of each queue polls the table.
 */
export type { RateBudget };
export { RateWaitExceeded };

export class PostgresRateLimiter implements RateBudget {
  private readonly db: Kysely<DB>;
  private readonly key: string;
  private readonly spanMs: number;
  private readonly sleep: Sleep;
  private readonly maxPollMs: number;
  private readonly onError: (err: unknown) => void;
  private readonly lanes: Record<RateKind, Lane>;
  private pendingPause: Promise<void> = Promise.resolve();
  private pausedUntilMs = 0;
  private totalWaitedMs = 0;

  constructor(opts: PostgresRateLimiterOptions) {
    const get = opts.getPerMinute ?? 600;
    const write = opts.writePerMinute ?? 300;
    for (const [name, n] of [
      ['getPerMinute', get],
      ['writePerMinute', write],
    ] as const) {
      if (!Number.isInteger(n) || n < 1) throw new RangeError(`${name} must be a positive integer`);
    }
    this.db = opts.db;
    this.key = apiKeyFingerprint(opts.apiKey);
    this.spanMs = (opts.windowMs ?? 60_000) + (opts.marginMs ?? 1_000);
    this.sleep = opts.sleep ?? realSleep;
    this.maxPollMs = opts.maxPollMs ?? 1_000;
    this.onError = opts.onError ?? (() => {});
    const lane = (limit: number): Lane => ({
      limit,
      tail: Promise.resolve(),
      waiting: 0,
      acquired: 0,
      inWindow: 0,
      slots: undefined,
    });
    this.lanes = { get: lane(get), write: lane(write) };
  }

  async acquire(kind: RateKind, opts: { maxWaitMs?: number } = {}): Promise<number> {
    const lane = this.lanes[kind];
    const began = performance.now();
    const deadline = opts.maxWaitMs === undefined ? Number.POSITIVE_INFINITY : began + opts.maxWaitMs;
    lane.waiting++;
    const turn = lane.tail.then(() => this.takeSlot(kind, lane, deadline));
    lane.tail = turn.catch(() => undefined);
    try {
      await turn;
    } finally {
      lane.waiting--;
    }
    const waited = Math.max(0, Math.round(performance.now() - began));
    this.totalWaitedMs += waited;
    return waited;
  }

  pauseFor(ms: number): void {
    if (!Number.isFinite(ms) || ms <= 0) return;
    this.pausedUntilMs = Math.max(this.pausedUntilMs, Date.now() + ms);
    const write = sql`
      insert into didit_rate_pauses (key, paused_until)
      values (${this.key}, clock_timestamp() + ${Math.ceil(ms)} * interval '1 millisecond')
      on conflict (key) do update
        set paused_until = greatest(didit_rate_pauses.paused_until, excluded.paused_until)`
      .execute(this.db)
      .then(
        () => undefined,
        (err: unknown) => this.onError(err),
      );
    this.pendingPause = this.pendingPause.then(() => write);
  }

  stats(): RateLimiterStats {
    const lane = (l: Lane) => ({
      limit: l.limit,
      inWindow: l.inWindow,
      waiting: l.waiting,
      acquired: l.acquired,
    });
    return {
      get: lane(this.lanes.get),
      write: lane(this.lanes.write),
      pausedUntil: this.pausedUntilMs > Date.now() ? this.pausedUntilMs : null,
      totalWaitedMs: this.totalWaitedMs,
    };
  }

  private ensureSlots(kind: RateKind, lane: Lane): Promise<void> {
    lane.slots ??= sql`
      insert into didit_rate_slots (key, kind, slot)
      select ${this.key}, ${kind}, g from generate_series(1, ${lane.limit}::int) g
      on conflict do nothing`
      .execute(this.db)
      .then(
        () => undefined,
        (err: unknown) => {
          lane.slots = undefined;
          throw err;
        },
      );
    return lane.slots;
  }

  private async takeSlot(kind: RateKind, lane: Lane, deadline: number): Promise<void> {
    await this.ensureSlots(kind, lane);
    await this.pendingPause;
    for (;;) {
      const { rows } = await sql<{
        slot: number | null;
        paused_ms: number;
        free_in_ms: number;
        in_window: number;
      }>`
        with pause as (
          select coalesce(max(paused_until), 'epoch'::timestamptz) as until from didit_rate_pauses where key = ${this.key}
        ), picked as (
          select slot from didit_rate_slots
          where key = ${this.key} and kind = ${kind} and slot <= ${lane.limit}
            and used_at <= clock_timestamp() - ${this.spanMs} * interval '1 millisecond'
            and (select until from pause) <= clock_timestamp()
          order by used_at
          limit 1
          for update skip locked
        ), took as (
          update didit_rate_slots s set used_at = clock_timestamp()
          from picked where s.key = ${this.key} and s.kind = ${kind} and s.slot = picked.slot
          returning s.slot
        )
        select
          (select slot from took) as slot,
          greatest(0, extract(epoch from ((select until from pause) - clock_timestamp())) * 1000)::float8 as paused_ms,
          coalesce((
            select greatest(0, extract(epoch from (min(used_at) + ${this.spanMs} * interval '1 millisecond' - clock_timestamp())) * 1000)
            from didit_rate_slots where key = ${this.key} and kind = ${kind} and slot <= ${lane.limit}
          ), 0)::float8 as free_in_ms,
          (select count(*) from didit_rate_slots where key = ${this.key} and kind = ${kind} and slot <= ${lane.limit}
             and used_at > clock_timestamp() - ${this.spanMs} * interval '1 millisecond')::int as in_window`.execute(
        this.db,
      );
      const r = rows[0]!;
      lane.inWindow = r.in_window;
      if (r.slot !== null) {
        lane.acquired++;
        return;
      }
      if (r.paused_ms > 0) this.pausedUntilMs = Math.max(this.pausedUntilMs, Date.now() + r.paused_ms);
      const wait = Math.max(r.paused_ms, r.free_in_ms, 2);
      if (performance.now() + wait > deadline) throw new RateWaitExceeded(wait);
      // A little jitter, so processes waiting on the same row do not all look at the same instant.
      await this.sleep(Math.min(wait, this.maxPollMs) + Math.random() * 5);
    }
  }
}
