import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { AppError } from '../errors.ts';

/**
 * Sign-in throttling: after a few free failures, each further failure locks the key for an exponentially
 * growing time, capped, and every lock expires by itself, so an attacker can slow sign-in for an account
 * but never lock its owner out for good. Attempts during a lock are refused without checking the password
 * and do not count. Failures older than an hour are forgotten.
 */
export const THROTTLE_POLICY = {
  account: { freeFailures: 5 },
  address: { freeFailures: 20 },
  baseLockMs: 1_000,
  maxLockMs: 15 * 60 * 1000,
  forgetAfterMs: 60 * 60 * 1000,
} as const;

export type ThrottleKind = 'account' | 'address';

export function throttleKey(kind: ThrottleKind, value: string): string {
  return `${kind}:${value.toLowerCase()}`;
}

export function lockDurationMs(kind: ThrottleKind, failures: number): number {
  const over = failures - THROTTLE_POLICY[kind].freeFailures;
  if (over < 0) return 0;
  return Math.min(THROTTLE_POLICY.baseLockMs * 2 ** Math.min(over, 30), THROTTLE_POLICY.maxLockMs);
}

/** Throws RATE_LIMITED (with Retry-After) while any of the keys is locked. */
export async function assertNotLocked(db: Kysely<DB>, keys: string[], now: Date): Promise<void> {
  if (keys.length === 0) return;
  const rows = await db
    .selectFrom('login_throttle')
    .select('locked_until')
    .where('key', 'in', keys)
    .where('locked_until', '>', now)
    .execute();
  const until = Math.max(0, ...rows.map((r) => r.locked_until!.getTime()));
  if (until > now.getTime()) {
    const seconds = Math.ceil((until - now.getTime()) / 1000);
    throw new AppError('RATE_LIMITED', 'Too many failed sign-ins; try again later', undefined, {
      'Retry-After': String(seconds),
    });
  }
}

export async function recordFailure(
  db: Kysely<DB>,
  entries: { kind: ThrottleKind; key: string }[],
  now: Date,
): Promise<void> {
  const cutoff = new Date(now.getTime() - THROTTLE_POLICY.forgetAfterMs);
  for (const { kind, key } of entries) {
    const row = await db
      .insertInto('login_throttle')
      .values({ key, failures: 1, last_failure_at: now, locked_until: null })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          failures: sql`case when login_throttle.last_failure_at < ${cutoff} then 1 else login_throttle.failures + 1 end`,
          last_failure_at: now,
        }),
      )
      .returning('failures')
      .executeTakeFirstOrThrow();
    const lockMs = lockDurationMs(kind, row.failures);
    if (lockMs > 0) {
      await db
        .updateTable('login_throttle')
        .set({ locked_until: new Date(now.getTime() + lockMs) })
        .where('key', '=', key)
        .execute();
    }
  }
}

export async function clearFailures(db: Kysely<DB>, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}
