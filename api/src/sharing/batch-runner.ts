import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { AuditContext } from '../audit/audit.context.ts';
import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/logger.ts';
import type { DB } from '../schema.ts';
import { adoptBatch, heartbeatBatches, orphanedBatches, releaseBatches } from './batch.repository.ts';

/** How often an owner renews its batches, and how long without that before another process adopts one. */
const BATCH_HEARTBEAT_MS = 2_000;
const BATCH_OWNER_LEASE_MS = 10_000;

/** Runs one batch's pending rows until none is left or `signal` aborts (shutdown, or the batch was adopted). */
export type RunBatch = (batchId: string, ctx: AuditContext | undefined, signal: AbortSignal) => Promise<void>;

export interface BatchRunnerOptions {
  db: Kysely<DB>;
  clock: Clock;
  logger: Logger;
  ownerId?: string;
  heartbeatMs?: number;
  leaseMs?: number;
}

/**
 * The batches this process runs, each owned through `share_batches.owner_id` + `heartbeat_at` (the database's
 * time). Another process tells a live batch from a dead one by the heartbeat and adopts the dead one; at
 * shutdown an owner stops between rows, waits for the rows in flight, and releases its batches so another
 * process picks them up at its next look (docs/replicas.md).
 */
export class BatchRunner {
  readonly ownerId: string;
  readonly leaseMs: number;
  private readonly heartbeatMs: number;
  private readonly running = new Map<string, { ctrl: AbortController; done: Promise<void> }>();
  private run: RunBatch | undefined;
  private timer: NodeJS.Timeout | undefined;
  private adoptOrphans = false;
  private stopped = false;
  private ticking = false;

  constructor(private readonly opts: BatchRunnerOptions) {
    this.ownerId = opts.ownerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.heartbeatMs = opts.heartbeatMs ?? BATCH_HEARTBEAT_MS;
    this.leaseMs = opts.leaseMs ?? BATCH_OWNER_LEASE_MS;
  }

  /** The sharing feature hands over how a batch runs (it owns the services). */
  bind(run: RunBatch): void {
    this.run = run;
  }

  /** Also adopt orphaned batches at every heartbeat (the server does; API tests need not). */
  start(): void {
    this.adoptOrphans = true;
    this.ensureTimer();
  }

  isRunning(batchId: string): boolean {
    return this.running.has(batchId);
  }

  /** Starts running a batch this process owns (just created, or adopted). */
  launch(batchId: string, ctx?: AuditContext): void {
    if (this.stopped || this.running.has(batchId) || !this.run) return;
    const ctrl = new AbortController();
    const done = this.run(batchId, ctx, ctrl.signal)
      .catch((e: unknown) => {
        this.opts.logger.error(
          { batch_id: batchId, err: e instanceof Error ? e.message : String(e) },
          'batch share stopped on an error; another look will resume it',
        );
      })
      .finally(() => {
        this.running.delete(batchId);
      });
    this.running.set(batchId, { ctrl, done });
    this.ensureTimer();
  }

  /** Takes over a batch whose owner is gone; true when this process now runs it. */
  async adopt(batchId: string): Promise<boolean> {
    if (this.stopped || this.running.has(batchId)) return this.running.has(batchId);
    const ok = await adoptBatch(this.opts.db, {
      batchId,
      ownerId: this.ownerId,
      now: this.opts.clock.now(),
      leaseMs: this.leaseMs,
    });
    if (ok) {
      this.opts.logger.info({ batch_id: batchId }, 'adopted a batch share whose owner stopped');
      this.launch(batchId);
    }
    return ok;
  }

  /** Resolves when every batch this process runs has returned (tests). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()].map((r) => r.done));
  }

  /** Shutdown: no new row starts; rows in flight finish (bounded); the batches go back for others to adopt. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const { ctrl } of this.running.values()) ctrl.abort();
    // Heartbeats go on while the rows in flight finish: another process must not adopt the batch and mint
    // those rows a second time before we let go.
    const all = Promise.allSettled([...this.running.values()].map((r) => r.done));
    await Promise.race([all, new Promise((r) => setTimeout(r, graceMs).unref())]);
    clearInterval(this.timer);
    while (this.ticking) await new Promise((r) => setTimeout(r, 10));
    try {
      const n = await releaseBatches(this.opts.db, this.ownerId);
      if (n > 0) this.opts.logger.info({ batches: n }, 'handed running batch shares over');
    } catch (err) {
      this.opts.logger.warn({ err: { message: (err as Error).message } }, 'could not hand batch shares over');
    }
  }

  private ensureTimer(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => void this.tick(), this.heartbeatMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const ids = [...this.running.keys()];
      const ours = await heartbeatBatches(this.opts.db, this.ownerId, ids, this.opts.clock.now());
      for (const id of ids) {
        // Adopted elsewhere while we were stalled: stop before minting more for it.
        if (!ours.has(id)) this.running.get(id)?.ctrl.abort();
      }
      if (this.adoptOrphans && !this.stopped) {
        for (const id of await orphanedBatches(this.opts.db, this.opts.clock.now(), this.leaseMs)) {
          await this.adopt(id);
        }
      }
    } catch (err) {
      this.opts.logger.warn({ err: { message: (err as Error).message } }, 'batch heartbeat failed');
    } finally {
      this.ticking = false;
    }
  }
}
