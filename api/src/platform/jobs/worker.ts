import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { DB } from '../../schema.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import {
  type ClaimedJob,
  claimJob,
  completeJob,
  failJob,
  heartbeatJob,
  releaseJobs,
  rescheduleJob,
} from './jobs.repository.ts';

export interface JobContext {
  /** Aborted on shutdown or when the lease was lost: stop at the next safe point. */
  signal: AbortSignal;
  workerId: string;
}

/** Return `{ runAt }` to run the same job again later (periodic loops); return nothing when done. */
export type JobHandler = (job: ClaimedJob, ctx: JobContext) => Promise<{ runAt: Date } | undefined>;

export interface JobWorkerOptions {
  db: Kysely<DB>;
  clock: Clock;
  logger: Logger;
  handlers: Record<string, JobHandler>;
  concurrency?: number;
  pollMs?: number;
  /** A job whose worker stops heartbeating is claimable by another worker after this long. */
  leaseMs?: number;
  workerId?: string;
}

/**
 * Runs jobs from the Postgres queue. Several processes may run one each against the same database: claims
 * use `SKIP LOCKED`, leases are heartbeated, and a dead worker's jobs come back when their lease ends.
 */
export class JobWorker {
  readonly workerId: string;
  private readonly opts: Required<Omit<JobWorkerOptions, 'workerId'>>;
  private readonly running = new Map<number, { ctrl: AbortController; done: Promise<void> }>();
  private stopped = true;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;

  constructor(opts: JobWorkerOptions) {
    this.workerId = opts.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.opts = { concurrency: 2, pollMs: 1_000, leaseMs: 30_000, ...opts };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.run();
  }

  /** Claim now instead of at the next poll (after enqueuing from this process). */
  poke(): void {
    this.wake?.();
  }

  /** Aborts running jobs, waits for them (bounded), and hands their leases back. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.wake?.();
    for (const { ctrl } of this.running.values()) ctrl.abort();
    const all = Promise.allSettled([...this.running.values()].map((r) => r.done));
    await Promise.race([all, new Promise((r) => setTimeout(r, graceMs).unref())]);
    await this.loop;
    try {
      await releaseJobs(this.opts.db, this.workerId);
    } catch (err) {
      this.opts.logger.warn({ err: { message: (err as Error).message } }, 'could not release job leases');
    }
  }

  private async run(): Promise<void> {
    const kinds = Object.keys(this.opts.handlers);
    while (!this.stopped) {
      let claimed: ClaimedJob | undefined;
      if (this.running.size < this.opts.concurrency) {
        try {
          claimed = await claimJob(this.opts.db, {
            workerId: this.workerId,
            kinds,
            leaseMs: this.opts.leaseMs,
            now: this.opts.clock.now(),
          });
        } catch (err) {
          this.opts.logger.warn({ err: { message: (err as Error).message } }, 'job claim failed');
        }
      }
      if (claimed && !this.stopped) {
        this.execute(claimed);
        continue;
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, this.opts.pollMs);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  private execute(job: ClaimedJob): void {
    const ctrl = new AbortController();
    const { db, clock, logger, leaseMs } = this.opts;
    const beat = setInterval(
      () => {
        heartbeatJob(db, { id: job.id, workerId: this.workerId, leaseMs, now: clock.now() }).then(
          (ours) => {
            if (!ours) ctrl.abort();
          },
          () => {},
        );
      },
      Math.max(250, Math.floor(leaseMs / 3)),
    );
    const done = (async () => {
      try {
        const handler = this.opts.handlers[job.kind]!;
        const next = await handler(job, { signal: ctrl.signal, workerId: this.workerId });
        if (next) await rescheduleJob(db, { id: job.id, workerId: this.workerId, runAt: next.runAt });
        else await completeJob(db, job.id, this.workerId);
      } catch (err) {
        if (ctrl.signal.aborted && this.stopped) return; // released by stop()
        const message = err instanceof Error ? err.message : String(err);
        logger.warn(
          { job: { id: job.id, kind: job.kind, attempts: job.attempts }, err: { message } },
          'job failed',
        );
        const backoffMs = Math.min(300_000, 1_000 * 2 ** Math.min(job.attempts, 8));
        const now = clock.now();
        await failJob(db, {
          id: job.id,
          workerId: this.workerId,
          error: message,
          retryAt: new Date(now.getTime() + backoffMs),
          now,
        }).catch(() => {});
      } finally {
        clearInterval(beat);
        this.running.delete(job.id);
        this.wake?.();
      }
    })();
    this.running.set(job.id, { ctrl, done });
  }
}
