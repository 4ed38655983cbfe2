import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app.ts';
import { loginAs, sessionCookieFrom } from '../../test/auth.ts';
import { fixedClock } from '../platform/clock.ts';

const clock = fixedClock(new Date('2026-11-22T09:00:00Z'));
const ctx = useTestApp({ clock });

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  ctx.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('sign-in', () => {
  it('logs in, sets a hardened cookie, and answers /me with the same CSRF token', async () => {
    const who = await loginAs(ctx.app, ctx.database, ['reviewer'], { now: clock.now() });
    const res = await post('/api/auth/login', {
      email: who.user.email.toUpperCase(),
      password: who.password,
    });
    expect(res.status).toBe(200);
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('__Host-console_session='))!;
    expect(setCookie).toMatch(/; Path=\/(;|$)/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('Secure');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).not.toMatch(/Domain=/i);
    const body = (await res.json()) as { csrf_token: string; user: { email: string } };
    expect(body.user.email).toBe(who.user.email);
    const me = await ctx.app.request('/api/auth/me', { headers: { cookie: sessionCookieFrom(res) } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { csrf_token: string }).csrf_token).toBe(body.csrf_token);
    // A new session id at every login.
    expect(sessionCookieFrom(res)).not.toBe(who.cookie);
  });

  it('rejects a wrong password with INVALID_CREDENTIALS and audits it', async () => {
    const who = await loginAs(ctx.app, ctx.database, ['auditor'], { now: clock.now() });
    const res = await post('/api/auth/login', { email: who.user.email, password: 'wrong-password-123' });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('INVALID_CREDENTIALS');
    const row = await ctx.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'auth.login_failed')
      .where('actor_id', '=', who.user.id)
      .executeTakeFirst();
    expect(row?.details).toEqual({ reason: 'bad_password' });
  });
});
