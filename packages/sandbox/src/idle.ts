/** Counts work in flight (deliveries, retries, scenario steps) so `idle()` can wait for all of it. */
export class WorkTracker {
  private pending = 0;
  private waiters: (() => void)[] = [];

  begin(): void {
    this.pending++;
  }

  end(): void {
    this.pending--;
    if (this.pending <= 0) {
      this.pending = 0;
      const w = this.waiters;
      this.waiters = [];
      for (const resolve of w) resolve();
    }
  }

  get busy(): boolean {
    return this.pending > 0;
  }

  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}

/** setTimeout calls that `close()` can cancel, each counted as pending work until it runs. */
export class Timers {
  private readonly handles = new Map<ReturnType<typeof setTimeout>, () => void>();

  constructor(private readonly work: WorkTracker) {}

  after(ms: number, fn: () => void | Promise<void>): void {
    this.work.begin();
    const h = setTimeout(async () => {
      this.handles.delete(h);
      try {
        await fn();
      } finally {
        this.work.end();
      }
    }, ms);
    this.handles.set(h, () => this.work.end());
  }

  cancelAll(): void {
    for (const [h, release] of this.handles) {
      clearTimeout(h);
      release();
    }
    this.handles.clear();
  }
}
