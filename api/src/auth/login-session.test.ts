import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app.ts';
import { loginAs, sessionCookieFrom } from '../../test/auth.ts';
import { fixedClock } from '../platform/clock.ts';

const clock = fixedClock(new Date('2026-11-22T09:00:00Z'));
const ctx = useTestApp({ clock });

const MIN = 60_000;
const code = async (res: Response) => ((await res.json()) as { error?: { code: string } }).error?.code;
const me = (headers: Record<string, string>) => ctx.app.request('/api/auth/me', { headers });
const json = (method: string, path: string, headers: Record<string, string>, body: unknown = {}) =>
  ctx.app.request(path, {
    method,
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('login session cookie', () => {
  it('is __Host-, HttpOnly, Secure, SameSite=Strict, Path=/, no Domain; the token is stored hashed', async () => {
    const who = await loginAs(ctx.app, ctx.database, ['reviewer'], { now: clock.now() });
    const res = await json('POST', '/api/auth/login', {}, { email: who.user.email, password: who.password });
    const set = res.headers.getSetCookie().find((c) => c.startsWith('__Host-console_session='))!;
    const attrs = set
      .split(';')
      .slice(1)
      .map((a) => a.trim().toLowerCase());
    expect(attrs).toEqual(expect.arrayContaining(['path=/', 'httponly', 'secure', 'samesite=strict']));
    expect(attrs.some((a) => a.startsWith('domain'))).toBe(false);
    const token = sessionCookieFrom(res).split('=')[1]!;
    const rows = await ctx.database.db
      .selectFrom('login_sessions')
      .select('token_hash')
      .where('user_id', '=', who.user.id)
      .execute();
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(Buffer.from(r.token_hash).toString('utf8')).not.toContain(token);
    // A fresh session at each login: the second cookie differs from the first.
    expect(sessionCookieFrom(res)).not.toBe(who.cookie);
  });
});

describe('CSRF', () => {
  it.each([
    ['missing', undefined],
    ['wrong', 'not-the-token'],
    ['empty', ''],
  ])('refuses a state-changing request with a %s X-CSRF-Token (403 CSRF)', async (_what, token) => {
    const who = await loginAs(ctx.app, ctx.database, ['reviewer'], { now: clock.now() });
    const headers: Record<string, string> = { cookie: who.cookie };
    if (token !== undefined) headers['x-csrf-token'] = token;
    const res = await json('POST', '/api/auth/logout', headers);
    expect(res.status).toBe(403);
    expect(await code(res)).toBe('CSRF');
    // Nothing happened: the session is still alive.
    expect((await me({ cookie: who.cookie })).status).toBe(200);
  });

  it("refuses another session's token", async () => {
    const a = await loginAs(ctx.app, ctx.database, ['reviewer'], { now: clock.now() });
    const b = await loginAs(ctx.app, ctx.database, ['reviewer'], { now: clock.now() });
    const res = await json('POST', '/api/auth/logout', { cookie: a.cookie, 'x-csrf-token': b.csrfToken });
    expect(await code(res)).toBe('CSRF');
  });

  it('accepts the right token (logout ends the session at once)', async () => {
    const who = await loginAs(ctx.app, ctx.database, ['reviewer'], { now: clock.now() });
    const res = await json('POST', '/api/auth/logout', who.headers);
    expect(res.status).toBe(204);
    expect(res.headers.getSetCookie().join()).toMatch(/__Host-console_session=;.*Max-Age=0/);
    expect((await me(who.headers)).status).toBe(401);
    const row = await ctx.database.db
      .selectFrom('login_sessions')
      .select('ended_reason')
      .where('user_id', '=', who.user.id)
      .executeTakeFirstOrThrow();
    expect(row.ended_reason).toBe('logout');
  });

  it.each([
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site' }],
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['Origin: null', { origin: 'null' }],
  ])('refuses a login marked %s', async (_what, headers) => {
    const who = await loginAs(ctx.app, ctx.database, ['reviewer'], { now: clock.now() });
    const res = await json('POST', '/api/auth/login', headers, {
      email: who.user.email,
      password: who.password,
    });
    expect(res.status).toBe(403);
    expect(await code(res)).toBe('CSRF');
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('accepts a same-origin browser login', async () => {
    const who = await loginAs(ctx.app, ctx.database, ['reviewer'], {
      now: clock.now(),
      headers: { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' },
    });
    expect(who.csrfToken).toBeTruthy();
  });

  it('grants no CORS to any origin', async () => {
    const who = await loginAs(ctx.app, ctx.database, ['reviewer'], { now: clock.now() });
    const pre = await ctx.app.request('/api/auth/logout', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'x-csrf-token',
      },
    });
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    const get = await ctx.app.request('/api/auth/me', {
      headers: { ...who.headers, origin: 'https://evil.example' },
    });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
    expect(get.headers.get('access-control-allow-credentials')).toBeNull();
  });
});

describe('timeouts (injected clock)', () => {
  it('ends a session idle for 30 minutes; activity keeps it alive', async () => {
    const who = await loginAs(ctx.app, ctx.database, ['auditor'], { now: clock.now() });
    clock.advance(29 * MIN);
    expect((await me(who.headers)).status).toBe(200);
    clock.advance(29 * MIN);
    expect((await me(who.headers)).status).toBe(200);
    clock.advance(30 * MIN);
    const res = await me(who.headers);
    expect(res.status).toBe(401);
    expect(await code(res)).toBe('UNAUTHENTICATED');
    // It stays ended even if the clock were to allow it again.
    const row = await ctx.database.db
      .selectFrom('login_sessions')
      .select('ended_reason')
      .where('user_id', '=', who.user.id)
      .executeTakeFirstOrThrow();
    expect(row.ended_reason).toBe('idle_timeout');
  });

  it('ends any session 12 hours after login, however active', async () => {
    const who = await loginAs(ctx.app, ctx.database, ['auditor'], { now: clock.now() });
    for (let t = 0; t < 12 * 60 - 20; t += 20) {
      clock.advance(20 * MIN);
      expect((await me(who.headers)).status, `at +${t + 20} min`).toBe(200);
    }
    clock.advance(20 * MIN);
    expect((await me(who.headers)).status).toBe(401);
    const row = await ctx.database.db
      .selectFrom('login_sessions')
      .select('ended_reason')
      .where('user_id', '=', who.user.id)
      .executeTakeFirstOrThrow();
    expect(row.ended_reason).toBe('absolute_timeout');
  });
});

describe('disabling a user', () => {
  it("ends the user's sessions at once and refuses new logins", async () => {
    const admin = await loginAs(ctx.app, ctx.database, ['admin'], { now: clock.now() });
    const victim = await loginAs(ctx.app, ctx.database, ['reviewer'], { now: clock.now() });
    const res = await json('PATCH', `/api/users/${victim.user.id}`, admin.headers, { disabled: true });
    expect(res.status).toBe(200);
    expect((await me(victim.headers)).status).toBe(401);
    const open = await ctx.database.db
      .selectFrom('login_sessions')
      .select('id')
      .where('user_id', '=', victim.user.id)
      .where('ended_at', 'is', null)
      .execute();
    expect(open).toEqual([]);
    const again = await json(
      'POST',
      '/api/auth/login',
      {},
      { email: victim.user.email, password: victim.password },
    );
    expect(again.status).toBe(401);
    expect(await code(again)).toBe('INVALID_CREDENTIALS');
  });

  it('takes a role change into account on the next request', async () => {
    const admin = await loginAs(ctx.app, ctx.database, ['admin'], { now: clock.now() });
    const user = await loginAs(ctx.app, ctx.database, ['auditor'], { now: clock.now() });
    expect((await ctx.app.request('/api/audit', { headers: user.headers })).status).toBe(200);
    await json('PATCH', `/api/users/${user.user.id}`, admin.headers, { roles: ['reviewer'] });
    const res = await ctx.app.request('/api/audit', { headers: user.headers });
    expect(res.status).toBe(403);
    expect(await code(res)).toBe('FORBIDDEN');
  });
});
