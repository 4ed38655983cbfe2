import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app.ts';
import { loginAs } from '../../test/auth.ts';
import { createTestDatabase } from '../../test/database.ts';
import type { Database } from '../platform/db/database.ts';

let database: Database;
let app: ReturnType<typeof createTestApp>;
let auditor: Awaited<ReturnType<typeof loginAs>>;

beforeAll(async () => {
  database = await createTestDatabase();
  app = createTestApp(database);
  auditor = await loginAs(app, database, ['auditor']);
});
afterAll(() => database.close());

const requests: [string, () => Response | Promise<Response>][] = [
  ['a health probe', () => app.request('/healthz')],
  ['a public API route', () => app.request('/api/auth/config')],
  [
    'a failed login',
    () =>
      app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'a@b.test', password: 'nope' }),
      }),
  ],
  ['an unauthenticated API call', () => app.request('/api/audit')],
  ['a forbidden API call', () => app.request('/api/users', { headers: auditor.headers })],
  ['an authorized API call', () => app.request('/api/audit', { headers: auditor.headers })],
  ['a streamed export', () => app.request('/api/audit/export?format=csv', { headers: auditor.headers })],
  ['an unknown route', () => app.request('/api/nope')],
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
    const res = await app.request('/api/auth/me', { headers: auditor.headers });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});
