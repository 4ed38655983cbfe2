import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app.ts';
import { loginAs } from '../../test/auth.ts';
import { THROTTLE_POLICY } from '../auth/throttle.ts';

const ctx = useTestApp();

const from = (ip: string) => ({ incoming: { socket: { remoteAddress: ip } } });
const refusals = (ip: string) =>
  ctx.database.db
    .selectFrom('audit_log')
    .select(['actor_id', 'subject_id', 'details'])
    .where('action', '=', 'access.refused')
    .where('ip', '=', ip)
    .orderBy('seq')
    .execute();
const counted = (ip: string) =>
  ctx.database.db.selectFrom('access_refusals').select(['code', 'refusals']).where('ip', '=', ip).execute();

describe('refusals leave an audit entry, aggregated', () => {
  it('401s from one address: one entry per minute window, the repeats counted', async () => {
    for (let k = 0; k < 5; k++) {
      expect((await ctx.app.request('/api/users', {}, from('192.0.2.41'))).status).toBe(401);
    }
    const entries = await refusals('192.0.2.41');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor_id: null,
      subject_id: 'GET /api/users',
      details: { code: 'UNAUTHENTICATED', status: 401 },
    });
    expect(await counted('192.0.2.41')).toEqual([{ code: 'UNAUTHENTICATED', refusals: 5 }]);
  });

  it('403 FORBIDDEN and 403 CSRF name the signed-in actor', async () => {
    const reviewer = await loginAs(ctx.app, ctx.database, ['reviewer']);
    const forbidden = await ctx.app.request('/api/users', { headers: reviewer.headers }, from('192.0.2.42'));
    expect(forbidden.status).toBe(403);
    const csrf = await ctx.app.request(
      '/api/auth/logout',
      { method: 'POST', headers: { cookie: reviewer.cookie } },
      from('192.0.2.42'),
    );
    expect(csrf.status).toBe(403);
    const entries = await refusals('192.0.2.42');
    expect(entries.map((e) => [e.actor_id, (e.details as { code: string }).code])).toEqual([
      [reviewer.user.id, 'FORBIDDEN'],
      [reviewer.user.id, 'CSRF'],
    ]);
  });

  it('sign-ins refused while locked are recorded, and the chain still verifies', async () => {
    const victim = await loginAs(ctx.app, ctx.database, ['auditor']);
    const login = () =>
      ctx.app.request(
        '/api/auth/login',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: victim.user.email, password: 'not-the-password-1' }),
        },
        from('192.0.2.43'),
      );
    for (let k = 0; k < THROTTLE_POLICY.account.freeAttempts; k++) await login();
    expect((await login()).status).toBe(429);
    expect((await refusals('192.0.2.43')).map((e) => (e.details as { code: string }).code)).toEqual([
      'RATE_LIMITED',
    ]);
    const verify = await ctx.app.request('/api/audit/verify', { headers: victim.headers });
    expect(((await verify.json()) as { ok: boolean }).ok).toBe(true);
  });

  it('a signed-out page load asking who it is is not a refusal worth recording', async () => {
    expect((await ctx.app.request('/api/auth/me', {}, from('192.0.2.44'))).status).toBe(401);
    expect(await refusals('192.0.2.44')).toEqual([]);
  });
});
