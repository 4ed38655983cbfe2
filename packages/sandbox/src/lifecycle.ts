import type { SessionStatus } from './statuses.ts';
import type { SessionRecord } from './store.ts';

/**
 * Time-driven status changes Didit makes on its own (docs/didit.md §5.2): a link nobody opened expires
 * (`Not Started` → `Expired`), a flow started and left goes `Abandoned`, an approved KYC session passes its
 * KYC expiration policy (`Approved` → `Kyc Expired`). Didit's pages give no durations for the first two beyond
 * the session's `expires_at`; the defaults below are the sandbox's (7 days, 1 day), and Kyc Expired is off
 * unless asked for (Didit's policy follows the document's expiry date). Each is `false` to turn it off.
 */
export interface LifecycleOptions {
  expireAfterMs?: number | false;
  abandonAfterMs?: number | false;
  kycExpireAfterMs?: number | false;
  /**
   * KYB scenarios pass through `Awaiting User` (the parent waiting for its key people's KYC sessions,
   * docs/didit.md §5.1) before their outcome. Off by default: one more step and webhook per KYB session.
   */
  kybAwaitingUser?: boolean;
}

export const DEFAULT_LIFECYCLE = {
  expireAfterMs: 7 * 24 * 3_600_000,
  abandonAfterMs: 24 * 3_600_000,
  kycExpireAfterMs: false,
  kybAwaitingUser: false,
} as const satisfies Required<LifecycleOptions>;

/** Node's setTimeout holds at most 2^31-1 ms; longer waits are chained. */
const MAX_TIMEOUT = 2_147_483_647;

/**
 * One pending timer per session, replaced whenever the session changes status. Unlike scenario steps these
 * are not counted as work in flight (`idle()` would otherwise wait days) and do not keep the process alive.
 */
export class Lifecycle {
  private readonly timers = new Map<string, { handle: ReturnType<typeof setTimeout>; from: SessionStatus }>();
  private closed = false;

  constructor(
    private readonly options: Required<LifecycleOptions>,
    private readonly move: (rec: SessionRecord, to: SessionStatus) => void,
  ) {}

  /** Called on every status change of a session: schedules what its new status leads to, if anything. */
  watch(rec: SessionRecord): void {
    const previous = this.timers.get(rec.id);
    // A data.updated (or a repeated status) leaves the running clock alone.
    if (previous && previous.from === rec.status && !rec.deleted) return;
    if (previous) clearTimeout(previous.handle);
    this.timers.delete(rec.id);
    if (this.closed || rec.deleted) return;
    const next = this.next(rec);
    if (!next) return;
    const from = rec.status;
    this.schedule(rec, next.afterMs, () => {
      this.timers.delete(rec.id);
      if (!this.closed && !rec.deleted && rec.status === from) this.move(rec, next.to);
    });
  }

  private next(rec: SessionRecord): { to: SessionStatus; afterMs: number } | undefined {
    const o = this.options;
    if (rec.status === 'Not Started' && o.expireAfterMs !== false)
      return { to: 'Expired', afterMs: o.expireAfterMs };
    if (rec.status === 'In Progress' && o.abandonAfterMs !== false) {
      return { to: 'Abandoned', afterMs: o.abandonAfterMs };
    }
    if (rec.status === 'Approved' && rec.kind === 'user' && o.kycExpireAfterMs !== false) {
      return { to: 'Kyc Expired', afterMs: o.kycExpireAfterMs };
    }
    return undefined;
  }

  private schedule(rec: SessionRecord, ms: number, fn: () => void): void {
    const wait = Math.min(ms, MAX_TIMEOUT);
    const h = setTimeout(() => (wait < ms ? this.schedule(rec, ms - wait, fn) : fn()), wait);
    h.unref?.();
    this.timers.set(rec.id, { handle: h, from: rec.status });
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers.values()) clearTimeout(t.handle);
    this.timers.clear();
  }
}
