import { type Kysely, sql } from 'kysely';
import { AppError } from '../platform/errors.ts';
import type { DB } from '../schema.ts';

/**
 * Sign-in throttling. Every attempt is counted *before* its password (or code) is checked, in one
 * transaction that holds the key's row: a burst sent at once gets no more checks than the free allowance,
 * because attempts still in flight already count. The `freeAttempts`-th attempt within the hour and every
 * later one locks the key for an exponentially growing time, capped; every lock expires by itself, so an
 * attacker can slow sign-in for an account but never lock its owner out for good. Attempts during a lock
 * are refused without a check and do not count. A successful sign-in clears the account's count and gives
 * back its own attempt to the address; an attempt that only learned "a code is needed" gives its attempt
 * back. Attempts older than an hour are forgotten. Lock windows run on the database's clock (`now()`), the
 * one clock every replica shares.
 */
export const THROTTLE_POLICY = {
  account: { freeAttempts: 5 },
  address: { freeAttempts: 20 },
  /** Unauthenticated SSO starts per address (each stores a pending row); a completed sign-in gives one back. */
  oidc_start: { freeAttempts: 30 },
  baseLockMs: 1_000,
  maxLockMs: 15 * 60 * 1000,
  forgetAfterMs: 60 * 60 * 1000,
} as const;

export type ThrottleKind = 'account' | 'address' | 'oidc_start';

export function throttleKey(kind: ThrottleKind, value: string): string {
  return `${kind}:${value.toLowerCase()}`;
}

/** The lock the `attempts`-th counted attempt starts (0: none). */
function lockDurationMs(kind: ThrottleKind, attempts: number): number {
  const over = attempts - THROTTLE_POLICY[kind].freeAttempts;
  if (over < 0) return 0;
  return Math.min(THROTTLE_POLICY.baseLockMs * 2 ** Math.min(over, 30), THROTTLE_POLICY.maxLockMs);
}

export interface ThrottleEntry {
  kind: ThrottleKind;
  key: string;
}

/** One counted attempt: what `release` needs to give it back. */
export interface Reservation {
  entries: { key: string; kind: ThrottleKind; lockedUntil: Date | null }[];
}

class ThrottledError extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    readonly keys: string[],
  ) {
    super('RATE_LIMITED', 'Too many sign-in attempts; try again later', undefined, {
      'Retry-After': String(retryAfterSeconds),
    });
  }
}

/**
 * Counts one attempt against every key, or throws RATE_LIMITED (with Retry-After) while any of them is
 * locked, counting nothing. Rows are locked in key order, so two attempts never deadlock.
 */
export async function reserveAttempt(db: Kysely<DB>, entries: ThrottleEntry[]): Promise<Reservation> {
  const sorted = [...entries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (sorted.length === 0) return { entries: [] };
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('login_throttle')
      .values(
        sorted.map((e) => ({
          key: e.key,
          failures: 0,
          last_failure_at: sql<Date>`now()`,
          locked_until: null,
        })),
      )
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    const rows = await trx
      .selectFrom('login_throttle')
      .select(['key', 'failures', 'last_failure_at', 'locked_until', sql<Date>`now()`.as('db_now')])
      .where(
        'key',
        'in',
        sorted.map((e) => e.key),
      )
      .orderBy('key')
      .forUpdate()
      .execute();
    const dbNow = rows[0]!.db_now.getTime();
    const lockedUntil = Math.max(0, ...rows.map((r) => r.locked_until?.getTime() ?? 0));
    if (lockedUntil > dbNow) {
      const locked = rows.filter((r) => (r.locked_until?.getTime() ?? 0) > dbNow).map((r) => r.key);
      throw new ThrottledError(Math.ceil((lockedUntil - dbNow) / 1000), locked);
    }
    const out: Reservation['entries'] = [];
    for (const e of sorted) {
      const row = rows.find((r) => r.key === e.key)!;
      const stale = row.last_failure_at.getTime() < dbNow - THROTTLE_POLICY.forgetAfterMs;
      const attempts = (stale ? 0 : row.failures) + 1;
      const lockMs = lockDurationMs(e.kind, attempts);
      const until = lockMs > 0 ? new Date(dbNow + lockMs) : null;
      await trx
        .updateTable('login_throttle')
        .set({ failures: attempts, last_failure_at: sql<Date>`now()`, locked_until: until })
        .where('key', '=', e.key)
        .execute();
      out.push({ key: e.key, kind: e.kind, lockedUntil: until });
    }
    return { entries: out };
  });
}

/**
 * Gives back a counted attempt that turned out not to be a failure. The lock it started (if nobody has
 * started a newer one since) goes with it.
 */
export async function releaseAttempt(db: Kysely<DB>, reservation: Reservation): Promise<void> {
  for (const e of reservation.entries) {
    await db
      .updateTable('login_throttle')
      .set({
        failures: sql<number>`greatest(failures - 1, 0)`,
        locked_until:
          e.lockedUntil === null
            ? sql<Date | null>`locked_until`
            : sql<Date | null>`case when locked_until = ${e.lockedUntil} then null else locked_until end`,
      })
      .where('key', '=', e.key)
      .execute();
  }
}

/** A successful sign-in: the account starts afresh; the address only gets its own attempt back. */
export async function settleSuccess(db: Kysely<DB>, reservation: Reservation): Promise<void> {
  const account = reservation.entries.filter((e) => e.kind === 'account').map((e) => e.key);
  if (account.length) await db.deleteFrom('login_throttle').where('key', 'in', account).execute();
  await releaseAttempt(db, { entries: reservation.entries.filter((e) => e.kind !== 'account') });
}
