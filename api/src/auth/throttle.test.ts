import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app.ts';
import { loginAs } from '../../test/auth.ts';
import { fixedClock } from '../platform/clock.ts';
import { THROTTLE_POLICY } from './throttle.ts';
import { totpCode } from './totp.ts';

const clock = fixedClock(new Date('2026-11-22T09:00:00Z'));
const ctx = useTestApp({ clock });

/** A login from a given peer address (what @hono/node-server passes as env.incoming). */
const login = (email: string, password: string, ip = '192.0.2.10') =>
  ctx.app.request(
    '/api/auth/login',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    },
    { incoming: { socket: { remoteAddress: ip } } },
  );
/** Lock windows run on the database's clock: time passes for the throttle by moving its rows back. */
const passTime = (ms: number) =>
  ctx.database.db
    .updateTable('login_throttle')
    .set({
      locked_until: sql`locked_until - make_interval(secs => ${ms / 1000})`,
      last_failure_at: sql`last_failure_at - make_interval(secs => ${ms / 1000})`,
    })
    .execute();
const code = async (res: Response) => ((await res.json()) as { error?: { code: string } }).error?.code;

describe('sign-in throttling', () => {
  it('locks an account for growing, capped, self-expiring periods; the owner gets back in', async () => {
    const victim = await loginAs(ctx.app, ctx.database, ['reviewer'], { now: clock.now() });
    const free = THROTTLE_POLICY.account.freeAttempts;
    for (let k = 0; k < free - 1; k++) {
      expect(await code(await login(victim.user.email, 'wrong-guess-000'))).toBe('INVALID_CREDENTIALS');
    }
    // The failure that reaches the threshold locks the account for the base period.
    expect(await code(await login(victim.user.email, 'wrong-guess-000'))).toBe('INVALID_CREDENTIALS');
    const locked = await login(victim.user.email, victim.password);
    expect(locked.status).toBe(429);
    expect(await code(locked)).toBe('RATE_LIMITED');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);

    // Each further failure after a lock doubles it.
    const locks: number[] = [];
    for (let k = 0; k < 14; k++) {
      const before = await login(victim.user.email, 'x');
      const wait = Number(before.headers.get('retry-after') ?? 0);
      await passTime(wait * 1000);
      expect(await code(await login(victim.user.email, 'wrong-guess-000'))).toBe('INVALID_CREDENTIALS');
      const after = await login(victim.user.email, victim.password);
      locks.push(Number(after.headers.get('retry-after')));
    }
    expect(locks[1]).toBe(locks[0]! * 2);
    expect(Math.max(...locks)).toBe(THROTTLE_POLICY.maxLockMs / 1000);

    // Attempts during a lock neither check the password nor extend the lock.
    for (let k = 0; k < 20; k++) await login(victim.user.email, 'wrong-guess-000');
    const stillCapped = await login(victim.user.email, victim.password);
    expect(Number(stillCapped.headers.get('retry-after'))).toBeLessThanOrEqual(
      THROTTLE_POLICY.maxLockMs / 1000,
    );

    // The lock expires by itself: the owner signs in, and success clears the account's record.
    await passTime(THROTTLE_POLICY.maxLockMs);
    expect((await login(victim.user.email, victim.password)).status).toBe(200);
    const row = await ctx.database.db
      .selectFrom('login_throttle')
      .selectAll()
      .where('key', '=', `account:${victim.user.email.toLowerCase()}`)
      .executeTakeFirst();
    expect(row).toBeUndefined();
  });

  it('throttles an address spraying many accounts, without touching other addresses', async () => {
    const free = THROTTLE_POLICY.address.freeAttempts;
    for (let k = 0; k < free; k++) {
      expect((await login(`nobody-${k}@example.test`, 'spray-password', '198.51.100.7')).status).toBe(401);
    }
    const sprayer = await login('nobody-x@example.test', 'spray-password', '198.51.100.7');
    expect(sprayer.status).toBe(429);
    const someone = await loginAs(ctx.app, ctx.database, ['auditor'], { now: clock.now() });
    expect((await login(someone.user.email, someone.password, '203.0.113.9')).status).toBe(200);
    // …and the lock on the address expires too.
    await passTime(Number(sprayer.headers.get('retry-after')) * 1000);
    expect((await login(someone.user.email, someone.password, '198.51.100.7')).status).toBe(200);
  });

  it('forgets old failures after an hour', async () => {
    const who = await loginAs(ctx.app, ctx.database, ['auditor'], { now: clock.now() });
    for (let k = 0; k < THROTTLE_POLICY.account.freeAttempts - 1; k++)
      await login(who.user.email, 'nope-nope-nope');
    await passTime(THROTTLE_POLICY.forgetAfterMs + 1000);
    expect(await code(await login(who.user.email, 'nope-nope-nope'))).toBe('INVALID_CREDENTIALS');
    expect((await login(who.user.email, who.password)).status).toBe(200);
  });

  it('answers an unknown account like a wrong password, and audits failures', async () => {
    const res = await login('ghost@example.test', 'whatever-password');
    expect(res.status).toBe(401);
    expect(await code(res)).toBe('INVALID_CREDENTIALS');
    const rows = await ctx.database.db
      .selectFrom('audit_log')
      .select(['actor_label', 'details', 'ip'])
      .where('action', '=', 'auth.login_failed')
      .orderBy('seq', 'desc')
      .limit(1)
      .execute();
    expect(rows[0]).toEqual({
      actor_label: 'unknown account',
      details: { reason: 'unknown_account' },
      ip: '192.0.2.10',
    });
  });

  const failedChecks = (userId: string) =>
    ctx.database.db
      .selectFrom('audit_log')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('action', '=', 'auth.login_failed')
      .where('subject_id', '=', userId)
      .executeTakeFirstOrThrow()
      .then((r) => r.n);

  it('a burst of wrong passwords sent at once gets no more checks than the free allowance', async () => {
    const victim = await loginAs(ctx.app, ctx.database, ['reviewer'], { now: clock.now() });
    const free = THROTTLE_POLICY.account.freeAttempts;
    // Each from its own address, so only the account's count can hold the burst back.
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, k) =>
        login(victim.user.email, `burst-guess-${k}`, `192.0.2.${100 + k}`),
      ),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(free);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20 - free);
    expect(await failedChecks(victim.user.id)).toBe(free);
    const row = await ctx.database.db
      .selectFrom('login_throttle')
      .select(['failures', 'locked_until'])
      .where('key', '=', `account:${victim.user.email.toLowerCase()}`)
      .executeTakeFirstOrThrow();
    expect(row.failures).toBe(free);
    expect(row.locked_until).not.toBeNull();
  });

  it('a burst of wrong TOTP codes with the right password gets no more checks than the free allowance', async () => {
    const victim = await loginAs(ctx.app, ctx.database, ['admin'], { now: clock.now(), totp: true });
    const free = THROTTLE_POLICY.account.freeAttempts;
    const right = totpCode(victim.totpSecret!, clock.now());
    const wrong = (k: number) => String((Number(right) + 1 + k) % 1_000_000).padStart(6, '0');
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, k) =>
        ctx.app.request(
          '/api/auth/login',
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email: victim.user.email, password: victim.password, totp: wrong(k) }),
          },
          { incoming: { socket: { remoteAddress: `198.18.0.${k + 1}` } } },
        ),
      ),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(free);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20 - free);
    expect(await failedChecks(victim.user.id)).toBe(free);
  });

  it('the first step of a two-step sign-in (password, no code yet) does not count as a failure', async () => {
    const who = await loginAs(ctx.app, ctx.database, ['admin'], { now: clock.now(), totp: true });
    for (let k = 0; k < THROTTLE_POLICY.account.freeAttempts * 2; k++) {
      expect(await code(await login(who.user.email, who.password, '192.0.2.77'))).toBe('TOTP_REQUIRED');
    }
    const row = await ctx.database.db
      .selectFrom('login_throttle')
      .select(['failures', 'locked_until'])
      .where('key', '=', `account:${who.user.email.toLowerCase()}`)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ failures: 0, locked_until: null });
  });

  it('successful sign-ins from one address do not use up its allowance', async () => {
    const who = await loginAs(ctx.app, ctx.database, ['auditor'], { now: clock.now() });
    for (let k = 0; k < THROTTLE_POLICY.address.freeAttempts + 5; k++) {
      expect((await login(who.user.email, who.password, '203.0.113.50')).status).toBe(200);
    }
  });
});
