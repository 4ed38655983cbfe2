import type pg from 'pg';
import type { Database } from './database.ts';

/**
 * One process among those on a database holds a Postgres session-level advisory lock on a dedicated
 * connection; when that process dies its connection closes and the lock goes to the next process that asks.
 * The embedded database has one process by construction: it always leads.
 */
export class AdvisoryLeader {
  private client: pg.PoolClient | undefined;
  private trying: Promise<boolean> | undefined;
  private closed = false;
  private onError: (() => void) | undefined;

  constructor(
    private readonly database: Database,
    private readonly lockKey: string,
  ) {}

  /** True while this process holds the lock; tries to take it when it does not. */
  isLeader(): Promise<boolean> {
    if (this.database.embedded) return Promise.resolve(true);
    if (this.client) return Promise.resolve(true);
    if (this.closed) return Promise.resolve(false);
    this.trying ??= this.tryAcquire().finally(() => {
      this.trying = undefined;
    });
    return this.trying;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.trying?.catch(() => false);
    const c = this.client;
    this.client = undefined;
    if (c) {
      if (this.onError) c.off('error', this.onError);
      await c.query('select pg_advisory_unlock(hashtext($1))', [this.lockKey]).catch(() => {});
      c.release();
    }
  }

  private async tryAcquire(): Promise<boolean> {
    const c = await this.database.pool.connect();
    try {
      const { rows } = await c.query<{ ok: boolean }>('select pg_try_advisory_lock(hashtext($1)) as ok', [
        this.lockKey,
      ]);
      if (rows[0]?.ok && !this.closed) {
        // The connection dying (our process killed, a network cut) frees the lock for another process.
        this.onError = () => {
          if (this.client !== c) return;
          this.client = undefined;
          c.release(true);
        };
        c.on('error', this.onError);
        this.client = c;
        return true;
      }
      if (rows[0]?.ok) await c.query('select pg_advisory_unlock(hashtext($1))', [this.lockKey]);
      c.release();
      return false;
    } catch (err) {
      c.release(true);
      throw err;
    }
  }
}
