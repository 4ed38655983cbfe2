import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app.ts';

const ctx = useTestApp(
  {},
  {
    auditor: [['auditor']],
  },
);

const requests: [string, () => Response | Promise<Response>][] = [
  ['a health probe', () => ctx.app.request('/healthz')],
  ['a public API route', () => ctx.app.request('/api/auth/config')],
  [
    'a failed login',
    () =>
      ctx.app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'a@b.test', password: 'nope' }),
      }),
  ],
  ['an unauthenticated API call', () => ctx.app.request('/api/audit')],
  ['a forbidden API call', () => ctx.app.request('/api/users', { headers: ctx.as.auditor.headers })],
  ['an authorized API call', () => ctx.app.request('/api/audit', { headers: ctx.as.auditor.headers })],
  [
    'a streamed export',
    () => ctx.app.request('/api/audit/export?format=csv', { headers: ctx.as.auditor.headers }),
  ],
  ['an unknown route', () => ctx.app.request('/api/nope')],
];

describe('security headers', () => {
  it.each(requests)('are on %s', async (_what, call) => {
    const res = await call();
    const csp = res.headers.get('content-security-policy') ?? '';
    const directives = new Map(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name!, values]),
    );
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=31536000/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    await res.arrayBuffer();
  });

  it('keeps API answers out of caches', async () => {
    const res = await ctx.app.request('/api/auth/me', { headers: ctx.as.auditor.headers });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});
