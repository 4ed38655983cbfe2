/**
 * Attacks on sign-in and accounts (issue 14), replayed from outside over HTTP against the real console in
 * server mode (a separate Didit sandbox, a real DIDIT_API_KEY, a real Postgres). Each test is named
 * `attack: <what the attacker tries> → refused`.
 */

import { createSandbox, type Sandbox } from '@console/sandbox/sandbox';
import { createDatabase, type Database } from 'api/database';
import { totpCode } from 'api/totp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoggedIn, loginAs } from '../../api/test/auth.ts';
import { freshDatabase, type ScenarioDatabase, startFaultConsole } from '../faults/support/harness.ts';
import { type ConsoleProcess, startConsole } from '../support/console.ts';

let sandbox: Sandbox;
let scenario: ScenarioDatabase;
let database: Database;
let consoleProcess: ConsoleProcess;
let apiKey: string;
const SECRET = 'security-suite-webhook-secret';

beforeAll(async () => {
  sandbox = createSandbox({ rateLimits: false });
  await sandbox.listen();
  apiKey = sandbox.applications.find((a) => a.name === 'console')!.api_key;
  scenario = await freshDatabase('sec_auth');
  consoleProcess = await startFaultConsole({
    databaseUrl: scenario.url,
    secret: SECRET,
    apiKey,
    diditBaseUrl: sandbox.baseUrl(),
  });
  database = await createDatabase({ url: scenario.url, poolSize: 2 });
});
afterAll(async () => {
  await consoleProcess?.stop();
  await database?.close();
  await sandbox?.close();
  await scenario?.drop();
});

const url = (p: string) => `${consoleProcess.url}${p}`;
/** `loginAs` over real HTTP: the account is created in the console's database, then signs in. */
const http = { request: (p: string, init?: RequestInit) => fetch(url(p), init) };
const account = (roles: Parameters<typeof loginAs>[2], opts: Parameters<typeof loginAs>[3] = {}) =>
  loginAs(http as never, database, roles, opts);
const signIn = (body: Record<string, string>) =>
  fetch(url('/api/auth/login'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const countAudit = async (action: string, subjectId: string) =>
  (
    await database.db
      .selectFrom('audit_log')
      .select('seq')
      .where('action', '=', action)
      .where('subject_id', '=', subjectId)
      .execute()
  ).length;
const FREE = 5;

describe('sign-in throttle', () => {
  it('attack: 20 wrong passwords sent at once to outrun the lock → refused', async () => {
    const victim = await account(['admin'], { totp: true });
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, k) => signIn({ email: victim.user.email, password: `guess-${k}-xyz` })),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(FREE);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(20 - FREE);
    expect(await countAudit('auth.login_failed', victim.user.id)).toBeLessThanOrEqual(FREE);
  });

  it('attack: 20 TOTP guesses at once with a stolen password → refused', async () => {
    const victim = await account(['admin'], { totp: true });
    const right = totpCode(victim.totpSecret!, new Date());
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, k) =>
        signIn({
          email: victim.user.email,
          password: victim.password,
          totp: String((Number(right) + 7 + k) % 1_000_000).padStart(6, '0'),
        }),
      ),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses).not.toContain(200);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(FREE);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(20 - FREE);
  });
});

describe('accounts', () => {
  it('attack: an admin (or a hijacked admin session) sets a guessable password → refused', async () => {
    const admin = await account(['admin'], { totp: true });
    for (const password of ['password1234', '              ', 'aaaaaaaaaaaaaaaa']) {
      const res = await fetch(url('/api/users'), {
        method: 'POST',
        headers: { ...admin.headers, 'content-type': 'application/json' },
        body: JSON.stringify({
          email: `weak-${Date.now()}@example.test`,
          name: 'Weak',
          roles: ['auditor'],
          password,
        }),
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('WEAK_PASSWORD');
    }
  });

  it('attack: keep a session opened with a stolen password after the owner enrols TOTP → refused', async () => {
    const owner: LoggedIn = await account(['reviewer']);
    const thief = await signIn({ email: owner.user.email, password: owner.password });
    const thiefCookie = thief.headers.getSetCookie()[0]!.split(';')[0]!;
    const enrol = await fetch(url('/api/auth/totp/enroll'), { method: 'POST', headers: owner.headers });
    const { secret } = (await enrol.json()) as { secret: string };
    const confirm = await fetch(url('/api/auth/totp/confirm'), {
      method: 'POST',
      headers: { ...owner.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ code: totpCode(secret, new Date()) }),
    });
    expect(confirm.status).toBe(200);
    expect((await fetch(url('/api/auth/me'), { headers: { cookie: thiefCookie } })).status).toBe(401);
    expect((await fetch(url('/api/auth/me'), { headers: { cookie: owner.cookie } })).status).toBe(401);
  });

  it('attack: probe admin routes and forge a request without the CSRF token, unseen → refused and recorded', async () => {
    const reviewer = await account(['reviewer']);
    for (let k = 0; k < 10; k++) {
      expect((await fetch(url('/api/users'), { headers: reviewer.headers })).status).toBe(403);
    }
    const forged = await fetch(url('/api/auth/logout'), {
      method: 'POST',
      headers: { cookie: reviewer.cookie },
    });
    expect(forged.status).toBe(403);
    const entries = await database.db
      .selectFrom('audit_log')
      .select(['details'])
      .where('action', '=', 'access.refused')
      .where('actor_id', '=', reviewer.user.id)
      .execute();
    expect(entries.map((e) => (e.details as { code: string }).code).sort()).toEqual(['CSRF', 'FORBIDDEN']);
  });
});

/** The console started in sandbox mode (no seed of its own) on the database at `databaseUrl`. */
const sandboxStartOn = (databaseUrl: string, { demoAccounts }: { demoAccounts: boolean }) =>
  startConsole({ DATABASE_URL: databaseUrl, DEMO_ACCOUNTS: demoAccounts ? '1' : '0', SANDBOX_SEED: 'false' });

describe('demo accounts', () => {
  it('attack: sign in with the published demo password after a sandbox start on the real database → refused', async () => {
    const shared = await freshDatabase('sec_demo');
    try {
      // An operator tries the console once in sandbox mode against the production database, asking for demo accounts…
      const demo = await sandboxStartOn(shared.url, { demoAccounts: true });
      await demo.stop();
      // …then sets the real key: the console refuses to start while the demo password opens an account.
      const refused = await startFaultConsole({
        databaseUrl: shared.url,
        secret: SECRET,
        apiKey,
        diditBaseUrl: sandbox.baseUrl(),
      }).then(
        () => undefined,
        (e: Error) => e.message,
      );
      expect(refused).toMatch(/console exited with 1/);
      expect(refused).toMatch(/Start-up refused: .*published demo password/);
      expect(refused).not.toContain('sandbox-demo-password');
    } finally {
      await shared.drop();
    }
  });

  it('attack: a sandbox start on an external database without DEMO_ACCOUNTS leaves demo accounts → refused', async () => {
    const shared = await freshDatabase('sec_demo2');
    try {
      const demo = await sandboxStartOn(shared.url, { demoAccounts: false });
      try {
        const res = await fetch(`${demo.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'admin@sandbox.test', password: 'sandbox-demo-password' }),
        });
        expect(res.status).toBe(401);
      } finally {
        await demo.stop();
      }
    } finally {
      await shared.drop();
    }
  });
});
