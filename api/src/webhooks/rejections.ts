import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/audit.service.ts';
import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/logger.ts';
import type { DB } from '../schema.ts';

/**
 * Rejected deliveries, counted in memory and written to the audit log as one entry per interval. A forged
 * or replayed flood must not turn into one audit row (and one chain lock) per request.
 */
export class WebhookRejections {
  private counts = new Map<string, number>();
  private windowStart: Date;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.windowStart = clock.now();
  }

  count(reason: string): void {
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + 1);
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  start(intervalMs = 60_000): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.flush().catch((err: unknown) =>
        this.logger.warn({ err: { message: (err as Error).message } }, 'webhook rejection audit failed'),
      );
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush().catch(() => {});
  }

  /** Writes one audit entry for the counts since the last flush; nothing when there were none. */
  async flush(): Promise<void> {
    if (this.counts.size === 0) return;
    const counts = Object.fromEntries(this.counts);
    const from = this.windowStart;
    const to = this.clock.now();
    this.counts = new Map();
    this.windowStart = to;
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    try {
      await appendAudit(this.db, {
        actor: { id: null, label: 'system' },
        action: 'webhook.rejected',
        subjectType: 'webhook',
        subjectId: null,
        details: { total, by_reason: counts, from: from.toISOString(), to: to.toISOString() },
        at: to,
      });
    } catch (err) {
      // Put them back: the next flush tries again rather than losing the count.
      for (const [k, v] of Object.entries(counts)) this.counts.set(k, (this.counts.get(k) ?? 0) + v);
      this.windowStart = from;
      throw err;
    }
  }
}
