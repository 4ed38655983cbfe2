import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app.ts';
import { loginAs } from '../../test/auth.ts';
import { fixedClock } from '../platform/clock.ts';

/** Issue 18: the console language a person picks is kept on the server, per user. */
const clock = fixedClock(new Date('2026-12-07T01:00:00Z'));
const ctx = useTestApp({ clock });

const putLocale = (headers: Record<string, string>, body: unknown) =>
  ctx.app.request('/api/auth/me/locale', {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

const localeInDb = async (id: string) =>
  (await ctx.database.db.selectFrom('users').select('locale').where('id', '=', id).executeTakeFirstOrThrow())
    .locale;

describe('PUT /api/auth/me/locale', () => {
  it('keeps the choice, returns it from /me and from the next sign-in, and null goes back to the browser', async () => {
    const who = await loginAs(ctx.app, ctx.database, ['reviewer'], { now: clock.now() });
    const before = (await (await ctx.app.request('/api/auth/me', { headers: who.headers })).json()) as {
      user: { locale: string | null };
    };
    expect(before.user.locale).toBeNull();

    const res = await putLocale(who.headers, { locale: 'sw' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ locale: 'sw' });
    expect(await localeInDb(who.user.id)).toBe('sw');

    const me = (await (await ctx.app.request('/api/auth/me', { headers: who.headers })).json()) as {
      user: { locale: string | null };
    };
    expect(me.user.locale).toBe('sw');

    const again = await ctx.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: who.user.email, password: who.password }),
    });
    expect(((await again.json()) as { user: { locale: string } }).user.locale).toBe('sw');

    expect((await putLocale(who.headers, { locale: null })).status).toBe(200);
    expect(await localeInDb(who.user.id)).toBeNull();
  });

  it.each([
    ['an unknown language', { locale: 'fr' }],
    ['a region tag', { locale: 'sw-KE' }],
    ['no locale field', {}],
    ['a number', { locale: 1 }],
    ['an extra field', { locale: 'en', user_id: '1' }],
  ])('refuses %s with VALIDATION and changes nothing', async (_what, body) => {
    const who = await loginAs(ctx.app, ctx.database, ['auditor'], { now: clock.now() });
    await putLocale(who.headers, { locale: 'en' });
    const res = await putLocale(who.headers, body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('VALIDATION');
    expect(await localeInDb(who.user.id)).toBe('en');
  });

  it('needs the CSRF token and a sign-in', async () => {
    const who = await loginAs(ctx.app, ctx.database, ['admin'], { now: clock.now() });
    const noCsrf = await putLocale({ cookie: who.cookie }, { locale: 'sw' });
    expect(noCsrf.status).toBe(403);
    expect(((await noCsrf.json()) as { error: { code: string } }).error.code).toBe('CSRF');
    expect(await localeInDb(who.user.id)).toBeNull();

    const anonymous = await putLocale({}, { locale: 'sw' });
    expect(anonymous.status).toBe(401);
  });

  it('is in the OpenAPI document', async () => {
    const who = await loginAs(ctx.app, ctx.database, ['auditor'], { now: clock.now() });
    const doc = (await (await ctx.app.request('/api/openapi.json', { headers: who.headers })).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.paths['/api/auth/me/locale']?.put).toBeDefined();
  });
});
