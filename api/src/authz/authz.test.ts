import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app.ts';
import { loginAs } from '../../test/auth.ts';
import { createTestDatabase } from '../../test/database.ts';
import { csrfTokenFor, hashLoginSessionToken, newLoginSessionToken } from '../auth/login-session-token.ts';
import { insertLoginSession } from '../auth/login-sessions.repository.ts';
import { ROLES, type Role } from '../platform/config.ts';
import type { Database } from '../platform/db/database.ts';
import { PERMISSIONS, type Rule, ruleKey } from './permissions.ts';

/**
 * Generated from the app's own route table: every route the fully built app serves must have a rule, and
 * every route is called as every role (and anonymously) to check that the server refuses exactly what
 * the rule denies. Nothing here lists routes by hand.
 */
let database: Database;
let app: ReturnType<typeof createTestApp>;
const users = new Map<Role, string>();

beforeAll(async () => {
  database = await createTestDatabase();
  app = createTestApp(database);
  for (const role of ROLES) users.set(role, (await loginAs(app, database, [role])).user.id);
});
afterAll(() => database.close());

function appRoutes() {
  const seen = new Set<string>();
  const out: { method: string; path: string; key: string }[] = [];
  for (const r of app.routes) {
    // `ALL` entries are middleware (app.use), not endpoints.
    if (r.method === 'ALL') continue;
    const key = ruleKey(r.method, r.path);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ method: r.method, path: r.path, key });
  }
  return out;
}

/** A concrete URL for a route pattern: any `:param` becomes a fresh UUID (an id nothing has). */
const concrete = (pattern: string) => pattern.replace(/:[A-Za-z_]+(\{[^}]*\})?/g, () => randomUUID());

/** A fresh session per request: a route like logout must not sign out the next check. */
async function headersFor(role: Role): Promise<Record<string, string>> {
  const token = newLoginSessionToken();
  const now = new Date();
  await insertLoginSession(database.db, {
    userId: users.get(role)!,
    tokenHash: hashLoginSessionToken(token),
    method: 'password',
    now,
    expiresAt: new Date(now.getTime() + 3_600_000),
    ip: null,
    userAgent: null,
  });
  return { cookie: `__Host-console_session=${token}`, 'x-csrf-token': csrfTokenFor(token) };
}

const denies = (rule: Rule, role: Role | 'anonymous') =>
  rule === 'public'
    ? false
    : role === 'anonymous'
      ? true
      : rule === 'signed_in'
        ? false
        : !rule.includes(role);

describe('permission table ↔ route table', () => {
  it('the app serves routes (sanity: the table is really read)', () => {
    expect(appRoutes().length).toBeGreaterThan(10);
    expect(appRoutes().map((r) => r.key)).toContain('POST /api/auth/login');
  });

  it('every route the app serves has a rule', () => {
    const missing = appRoutes()
      .map((r) => r.key)
      .filter((k) => !(k in PERMISSIONS));
    expect(missing, 'routes without a line in authz/permissions.ts').toEqual([]);
  });

  it('every rule names a route the app serves (no stale grants)', () => {
    const served = new Set(appRoutes().map((r) => r.key));
    expect(Object.keys(PERMISSIONS).filter((k) => !served.has(k))).toEqual([]);
  });
});

describe('route × role matrix', () => {
  const cases = () =>
    appRoutes().flatMap((r) => (['anonymous', ...ROLES] as const).map((role) => ({ ...r, role })));

  it('refuses exactly what the rule denies, for every route and role', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const { method, path, key, role } of cases()) {
      const rule = PERMISSIONS[key];
      if (rule === undefined) continue; // reported by the test above
      const headers: Record<string, string> = role === 'anonymous' ? {} : await headersFor(role);
      const hasBody = method !== 'GET' && method !== 'HEAD';
      const res = await app.request(concrete(path), {
        method,
        headers: hasBody ? { ...headers, 'content-type': 'application/json' } : headers,
        ...(hasBody ? { body: '{}' } : {}),
      });
      const text = await res.text();
      let code: string | undefined;
      try {
        code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
      } catch {
        code = undefined;
      }
      const refused =
        role === 'anonymous'
          ? res.status === 401 && code === 'UNAUTHENTICATED'
          : res.status === 403 && code === 'FORBIDDEN';
      const expected = denies(rule, role);
      if (refused !== expected) {
        failures.push(`${key} as ${role}: ${res.status} ${code ?? ''} (rule ${JSON.stringify(rule)})`);
      }
      // Whatever the handler says, an allowed caller is never answered as unauthenticated/forbidden.
      if (
        !expected &&
        role !== 'anonymous' &&
        (code === 'FORBIDDEN' || code === 'UNAUTHENTICATED' || code === 'CSRF')
      ) {
        failures.push(`${key} as ${role}: allowed by the table but got ${code}`);
      }
      checked++;
    }
    expect(failures).toEqual([]);
    expect(checked).toBe(cases().length);
  });
});
