import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app.ts';
import { loginAs, sessionCookieFrom } from '../../test/auth.ts';
import { PERMISSIONS } from '../authz/permissions.ts';
import { fixedClock } from '../platform/clock.ts';
import { totpCode } from './totp.ts';

const clock = fixedClock(new Date('2026-11-22T09:00:00Z'));
const ctx = useTestApp({ clock, env: { MFA_REQUIRED_ROLES: 'admin' } });

const code = async (res: Response) => ((await res.json()) as { error?: { code: string } }).error?.code;
const post = (path: string, headers: Record<string, string>, body: unknown = {}) =>
  ctx.app.request(path, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('TOTP second factor', () => {
  it('gates an admin without a factor to enrolment, then enrols with a confirmed code', async () => {
    const admin = await loginAs(ctx.app, ctx.database, ['admin'], { now: clock.now() });
    expect(admin.mustEnrollTotp).toBe(true);
    // Every route with a role rule answers TOTP_ENROLLMENT_REQUIRED; me/logout/enrol/confirm stay open.
    const users = await ctx.app.request('/api/users', { headers: admin.headers });
    expect(users.status).toBe(403);
    expect(await code(users)).toBe('TOTP_ENROLLMENT_REQUIRED');
    const audit = await ctx.app.request('/api/audit', { headers: admin.headers });
    expect(await code(audit)).toBe('TOTP_ENROLLMENT_REQUIRED');
    for (const key of Object.keys(PERMISSIONS).filter((k) => PERMISSIONS[k] === 'signed_in')) {
      expect(key).toMatch(
        /^(POST \/api\/auth\/(logout|totp\/enroll|totp\/confirm)|GET \/api\/auth\/me|PUT \/api\/auth\/me\/locale)$/,
      );
    }
    const me = await ctx.app.request('/api/auth/me', { headers: admin.headers });
    expect(((await me.json()) as { must_enroll_totp: boolean }).must_enroll_totp).toBe(true);

    const enroll = await post('/api/auth/totp/enroll', admin.headers);
    expect(enroll.status).toBe(200);
    const { secret, otpauth_url } = (await enroll.json()) as { secret: string; otpauth_url: string };
    expect(secret).toMatch(/^[A-Z2-7]+=*$/);
    expect(otpauth_url).toMatch(/^otpauth:\/\/totp\//);
    expect(otpauth_url).toContain(`secret=${secret}`);

    const wrong = await post('/api/auth/totp/confirm', admin.headers, { code: '000000' });
    expect(wrong.status).toBe(422);
    const ok = await post('/api/auth/totp/confirm', admin.headers, { code: totpCode(secret, clock.now()) });
    expect(ok.status).toBe(200);
    // Enrolment rotates the session: the old cookie is dead, the new one (and its CSRF token) is through the gate.
    expect((await ctx.app.request('/api/users', { headers: admin.headers })).status).toBe(401);
    const rotated = {
      cookie: sessionCookieFrom(ok),
      'x-csrf-token': ((await ok.json()) as { csrf_token: string }).csrf_token,
    };
    expect(rotated.cookie).not.toBe(admin.cookie);
    expect((await ctx.app.request('/api/users', { headers: rotated })).status).toBe(200);
    const row = await ctx.database.db
      .selectFrom('users')
      .select(['totp_secret', 'totp_pending_secret'])
      .where('id', '=', admin.user.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ totp_secret: secret, totp_pending_secret: null });
    const actions = await ctx.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', admin.user.id)
      .orderBy('seq')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'auth.login',
      'auth.totp_enroll_started',
      'auth.totp_enrolled',
    ]);
    // The secret never appears in a listing.
    const list = await ctx.app.request('/api/users', { headers: rotated });
    expect(await list.text()).not.toContain(secret);
  });

  it('ends every session opened before the factor was enrolled (a thief holding a stolen password)', async () => {
    const owner = await loginAs(ctx.app, ctx.database, ['admin'], { now: clock.now() });
    const thief = await ctx.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: owner.user.email, password: owner.password }),
    });
    const thiefHeaders = { cookie: sessionCookieFrom(thief) };
    expect((await ctx.app.request('/api/auth/me', { headers: thiefHeaders })).status).toBe(200);
    const { secret } = (await (await post('/api/auth/totp/enroll', owner.headers)).json()) as {
      secret: string;
    };
    const ok = await post('/api/auth/totp/confirm', owner.headers, { code: totpCode(secret, clock.now()) });
    expect(ok.status).toBe(200);
    expect((await ctx.app.request('/api/auth/me', { headers: thiefHeaders })).status).toBe(401);
    const open = await ctx.database.db
      .selectFrom('login_sessions')
      .select(['method', 'ended_reason'])
      .where('user_id', '=', owner.user.id)
      .orderBy('created_at')
      .orderBy('ended_reason')
      .execute();
    expect(open.filter((s) => s.ended_reason === null)).toEqual([
      { method: 'password+totp', ended_reason: null },
    ]);
    expect(open.filter((s) => s.ended_reason === 'totp_enrolled')).toHaveLength(2);
  });

  it('requires the code at login (TOTP_REQUIRED) and refuses a replayed one', async () => {
    const who = await loginAs(ctx.app, ctx.database, ['admin'], { now: clock.now(), totp: true });
    const secret = who.totpSecret!;
    clock.advance(30_000);
    const creds = { email: who.user.email, password: who.password };
    const none = await post('/api/auth/login', {}, creds);
    expect(none.status).toBe(401);
    expect(await code(none)).toBe('TOTP_REQUIRED');
    const bad = await post(
      '/api/auth/login',
      {},
      { ...creds, totp: '123456' === totpCode(secret, clock.now()) ? '654321' : '123456' },
    );
    expect(await code(bad)).toBe('TOTP_REQUIRED');

    const current = totpCode(secret, clock.now());
    const first = await post('/api/auth/login', {}, { ...creds, totp: current });
    expect(first.status).toBe(200);
    expect(((await first.json()) as { must_enroll_totp: boolean }).must_enroll_totp).toBe(false);
    const replay = await post('/api/auth/login', {}, { ...creds, totp: current });
    expect(replay.status).toBe(401);
    expect(await code(replay)).toBe('TOTP_REQUIRED');
    // An older code inside the drift window is refused too once a newer step was used.
    const previous = totpCode(secret, new Date(clock.now().getTime() - 30_000));
    expect(await code(await post('/api/auth/login', {}, { ...creds, totp: previous }))).toBe('TOTP_REQUIRED');
    clock.advance(30_000);
    expect(
      (await post('/api/auth/login', {}, { ...creds, totp: totpCode(secret, clock.now()) })).status,
    ).toBe(200);
    const reasons = await ctx.database.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'auth.login_failed')
      .where('actor_id', '=', who.user.id)
      .orderBy('seq')
      .execute();
    expect(reasons.map((r) => (r.details as { reason: string }).reason)).toEqual([
      'totp_invalid',
      'totp_replayed',
      'totp_replayed',
    ]);
  });

  it('lets an admin reset a lost factor: sessions end, the owner enrols again', async () => {
    const admin = await loginAs(ctx.app, ctx.database, ['admin'], { now: clock.now(), totp: true });
    const owner = await loginAs(ctx.app, ctx.database, ['admin'], { now: clock.now(), totp: true });
    const res = await post(`/api/users/${owner.user.id}/reset-totp`, admin.headers);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { totp_enabled: boolean }).totp_enabled).toBe(false);
    expect((await ctx.app.request('/api/auth/me', { headers: owner.headers })).status).toBe(401);
    const again = await post('/api/auth/login', {}, { email: owner.user.email, password: owner.password });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { must_enroll_totp: boolean }).must_enroll_totp).toBe(true);
    const entry = await ctx.database.db
      .selectFrom('audit_log')
      .select(['actor_id', 'before', 'after'])
      .where('action', '=', 'user.totp_reset')
      .executeTakeFirstOrThrow();
    expect(entry.actor_id).toBe(admin.user.id);
    expect(entry.before).toMatchObject({ totp_enabled: true });
    expect(entry.after).toMatchObject({ totp_enabled: false });
  });

  it('refuses a second enrolment while a factor is active', async () => {
    const who = await loginAs(ctx.app, ctx.database, ['admin'], { now: clock.now(), totp: true });
    const res = await post('/api/auth/totp/enroll', who.headers);
    expect(res.status).toBe(409);
  });
});
