import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app.ts';
import { insertPasswordlessUser, loginAs } from '../../test/auth.ts';
import { fixedClock } from '../platform/clock.ts';
import { verifyPassword } from '../platform/password.ts';

const clock = fixedClock(new Date('2026-12-01T09:00:00Z'));
const ctx = useTestApp({ clock });

const code = async (res: Response) => ((await res.json()) as { error?: { code: string } }).error?.code;
const post = (p: string, headers: Record<string, string>) =>
  ctx.app.request(p, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: '{}',
  });
interface Account {
  id: string;
  email: string;
  last_login_at: string | null;
}

describe('users: last sign-in and password reset', () => {
  it('lists each account with its last sign-in (null for one that never signed in)', async () => {
    const admin = await loginAs(ctx.app, ctx.database, ['admin'], { now: clock.now() });
    clock.advance(60_000);
    const reviewer = await loginAs(ctx.app, ctx.database, ['reviewer'], { now: clock.now() });
    const never = await insertPasswordlessUser(ctx.database, 'never@example.test', ['auditor'], {
      name: 'Never Signed In',
      now: clock.now(),
    });
    const res = await ctx.app.request('/api/users', { headers: admin.headers });
    const { items } = (await res.json()) as { items: Account[] };
    const byId = new Map(items.map((u) => [u.id, u]));
    const newest = await ctx.database.db
      .selectFrom('login_sessions')
      .select((e) => e.fn.max('created_at').as('at'))
      .where('user_id', '=', reviewer.user.id)
      .executeTakeFirstOrThrow();
    expect(byId.get(reviewer.user.id)?.last_login_at).toBe((newest.at as Date).toISOString());
    expect(byId.get(reviewer.user.id)?.last_login_at).not.toBeNull();
    expect(byId.get(never.id)?.last_login_at).toBeNull();
  });

  it('an admin resets a local password: a new one shown once, the old one and its logins end, audited', async () => {
    const admin = await loginAs(ctx.app, ctx.database, ['admin'], { now: clock.now() });
    const target = await loginAs(ctx.app, ctx.database, ['reviewer'], { now: clock.now() });
    const res = await post(`/api/users/${target.user.id}/reset-password`, admin.headers);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { account: Account; password: string };
    expect(body.account.id).toBe(target.user.id);
    expect(body.password.length).toBeGreaterThanOrEqual(16);

    const row = await ctx.database.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', target.user.id)
      .executeTakeFirstOrThrow();
    expect(await verifyPassword(row.password_hash, body.password)).toBe(true);
    expect(await verifyPassword(row.password_hash, target.password)).toBe(false);

    // The reviewer's open login ended with the reset.
    expect((await ctx.app.request('/api/auth/me', { headers: target.headers })).status).toBe(401);
    const sessions = await ctx.database.db
      .selectFrom('login_sessions')
      .select(['ended_reason'])
      .where('user_id', '=', target.user.id)
      .execute();
    expect(sessions.map((s) => s.ended_reason)).toEqual(['password_reset']);

    const audit = await ctx.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id', 'details', 'after'])
      .where('subject_id', '=', target.user.id)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: 'user.password_reset', actor_id: admin.user.id });
    expect(JSON.stringify(audit)).not.toContain(body.password);

    // The new password signs in.
    const login = await ctx.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: target.user.email, password: body.password }),
    });
    expect(login.status).toBe(200);
  });

  it('refuses an SSO-only account, an unknown one, and anyone but an admin', async () => {
    const admin = await loginAs(ctx.app, ctx.database, ['admin'], { now: clock.now() });
    const sso = await insertPasswordlessUser(ctx.database, 'sso@example.test', ['reviewer'], {
      name: 'SSO Only',
      oidcSubject: 'sub-123',
      now: clock.now(),
    });
    const ssoRes = await post(`/api/users/${sso.id}/reset-password`, admin.headers);
    expect(ssoRes.status).toBe(409);
    expect(await code(ssoRes)).toBe('CONFLICT');
    const unknown = await post(
      '/api/users/00000000-0000-4000-8000-000000000000/reset-password',
      admin.headers,
    );
    expect(unknown.status).toBe(404);
    const reviewer = await loginAs(ctx.app, ctx.database, ['reviewer'], { now: clock.now() });
    const forbidden = await post(`/api/users/${admin.user.id}/reset-password`, reviewer.headers);
    expect(forbidden.status).toBe(403);
  });
});
