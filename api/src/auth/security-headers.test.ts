import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app.ts';
import type { AppEnv } from '../platform/http/app-env.ts';
import { securityHeaders } from '../platform/http/middleware.ts';

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
  [
    'a refused webhook',
    () =>
      ctx.app.request('/webhooks/didit', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      }),
  ],
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

describe('security headers over what a handler set', () => {
  // They are set before the handler (so its response is built with them) and checked after it.
  const app = new Hono<AppEnv>();
  app.use('*', securityHeaders);
  app.get(
    '/api/own-response',
    () => new Response('x', { headers: { 'Cache-Control': 'public, max-age=60' } }),
  );
  app.get('/api/own-header', (c) => {
    c.header('X-Frame-Options', 'SAMEORIGIN');
    c.header('Cache-Control', 'max-age=60');
    return c.json({ ok: true });
  });
  app.get('/page', () => new Response('<p>x</p>'));

  it.each(['/api/own-response', '/api/own-header'])('win over %s', async (path) => {
    const res = await app.request(path);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('permissions-policy')).toBe('camera=(), microphone=(), geolocation=()');
  });

  it('are on a response a handler built itself', async () => {
    const res = await app.request('/page');
    expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('cache-control')).toBeNull();
    expect(await res.text()).toBe('<p>x</p>');
  });
});
