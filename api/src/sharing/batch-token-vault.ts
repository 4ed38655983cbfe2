import type { Clock } from '../clock.ts';

interface Held {
  /** position in the batch → token */
  tokens: Map<number, string>;
  /** After this no token of the batch is worth anything to anyone: drop them unread. */
  latestExpiry: number;
}

/**
 * Where a batch's share tokens wait for their one download: the memory of the process that minted them,
 * nowhere else. Not the database (its WAL, replicas and backups would keep a bearer secret for as long as
 * they live), not an encrypted column either: a key we must discard after the download would have to live
 * in this process anyway, so encryption would add a copy on disk without adding durability. The price is
 * stated to the user: if the process restarts before the download, the batch's tokens are gone (the
 * ledger still records every share) and the batch has to be shared again; they expire within a day anyway.
 */
export class BatchTokenVault {
  private readonly held = new Map<string, Held>();

  constructor(private readonly clock: Clock) {}

  put(batchId: string, position: number, token: string, expiresAt: Date): void {
    this.purgeExpired();
    let h = this.held.get(batchId);
    if (!h) {
      h = { tokens: new Map(), latestExpiry: 0 };
      this.held.set(batchId, h);
    }
    h.tokens.set(position, token);
    h.latestExpiry = Math.max(h.latestExpiry, expiresAt.getTime());
  }

  has(batchId: string): boolean {
    this.purgeExpired();
    return this.held.has(batchId);
  }

  /** Hands the tokens over and forgets them: a second call returns undefined. */
  take(batchId: string): Map<number, string> | undefined {
    this.purgeExpired();
    const h = this.held.get(batchId);
    this.held.delete(batchId);
    return h?.tokens;
  }

  private purgeExpired(): void {
    const now = this.clock.now().getTime();
    for (const [id, h] of this.held) if (h.latestExpiry <= now) this.held.delete(id);
  }
}
