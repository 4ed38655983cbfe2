import { execFile } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createTestApp, startupFor, testConfig, useTestApp } from '../../test/app.ts';
import { loginAs } from '../../test/auth.ts';
import { createTestDatabase } from '../../test/database.ts';
import { fixedClock } from '../platform/clock.ts';
import { createLogger } from '../platform/logger.ts';
import { verifyPassword } from '../platform/password.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo-accounts.ts';
import { ensureInitialUsers } from './initial-users.ts';

const clock = fixedClock(new Date('2026-11-22T09:00:00Z'));
const ctx = useTestApp({ clock });

const code = async (res: Response) => ((await res.json()) as { error?: { code: string } }).error?.code;
const send = (method: string, p: string, headers: Record<string, string>, body: unknown = {}) =>
  ctx.app.request(p, {
    method,
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const quietLogger = () => createLogger('silent', pino.destination({ dest: '/dev/null', sync: false }));

describe('account administration', () => {
  it('creates an account with an Argon2id hash, case-insensitively unique, and audits it', async () => {
    const admin = await loginAs(ctx.app, ctx.database, ['admin'], { now: clock.now() });
    const body = {
      email: 'New.Person@Example.test',
      name: 'New Person',
      roles: ['reviewer'],
      password: 'a-long-passphrase-1',
    };
    const res = await send('POST', '/api/users', admin.headers, body);
    expect(res.status).toBe(201);
    const created = (await res.json()) as Record<string, unknown>;
    expect(created).toMatchObject({
      email: 'New.Person@Example.test',
      roles: ['reviewer'],
      disabled: false,
      totp_enabled: false,
    });
    expect(JSON.stringify(created)).not.toMatch(/password|argon|secret/i);
    const row = await ctx.database.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', created.id as string)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(row.password_hash, 'a-long-passphrase-1')).toBe(true);

    const dup = await send('POST', '/api/users', admin.headers, {
      ...body,
      email: 'new.person@example.TEST',
    });
    expect(dup.status).toBe(409);
    expect(await code(dup)).toBe('CONFLICT');

    const entry = await ctx.database.db
      .selectFrom('audit_log')
      .select(['actor_id', 'after'])
      .where('action', '=', 'user.create')
      .where('subject_id', '=', created.id as string)
      .executeTakeFirstOrThrow();
    expect(entry.actor_id).toBe(admin.user.id);
    expect(JSON.stringify(entry.after)).not.toContain('a-long-passphrase-1');
  });

  it.each([
    ['a short password', { password: 'short' }, 'WEAK_PASSWORD'],
    ['a whitespace-only password', { password: '                ' }, 'WEAK_PASSWORD'],
    ['a common password', { password: 'password1234' }, 'WEAK_PASSWORD'],
    ['a repeated character', { password: 'aaaaaaaaaaaaaaaa' }, 'WEAK_PASSWORD'],
    ['a keyboard walk', { password: 'qwertyuiop123' }, 'WEAK_PASSWORD'],
    ['an unknown role', { roles: ['superuser'] }, 'VALIDATION'],
    ['a malformed email', { email: 'not-an-email' }, 'VALIDATION'],
  ])('refuses %s', async (_what, change, expected) => {
    const admin = await loginAs(ctx.app, ctx.database, ['admin'], { now: clock.now() });
    const res = await send('POST', '/api/users', admin.headers, {
      email: `x-${Math.random().toString(36).slice(2)}@example.test`,
      name: 'X',
      roles: ['auditor'],
      password: 'a-long-passphrase-2',
      ...change,
    });
    expect(res.status).toBe(400);
    expect(await code(res)).toBe(expected);
  });

  it('lists accounts by email with a keyset cursor', async () => {
    const admin = await loginAs(ctx.app, ctx.database, ['admin'], { now: clock.now() });
    const res = await ctx.app.request('/api/users', { headers: admin.headers });
    const body = (await res.json()) as { items: { email: string }[]; next_cursor: string | null };
    const emails = body.items.map((i) => i.email.toLowerCase());
    expect(emails).toEqual([...emails].sort());
    expect(body.next_cursor).toBeNull();
  });

  it('changes roles and name with before/after in the audit log', async () => {
    const admin = await loginAs(ctx.app, ctx.database, ['admin'], { now: clock.now() });
    const user = await loginAs(ctx.app, ctx.database, ['auditor'], { now: clock.now() });
    const res = await send('PATCH', `/api/users/${user.user.id}`, admin.headers, {
      roles: ['reviewer', 'auditor'],
      name: 'Renamed',
    });
    expect(res.status).toBe(200);
    const entry = await ctx.database.db
      .selectFrom('audit_log')
      .select(['action', 'before', 'after'])
      .where('subject_id', '=', user.user.id)
      .where('action', '=', 'user.roles')
      .executeTakeFirstOrThrow();
    expect(entry.before).toMatchObject({ roles: ['auditor'] });
    expect(entry.after).toMatchObject({ roles: ['reviewer', 'auditor'], name: 'Renamed' });
    expect((await send('PATCH', `/api/users/${user.user.id}`, admin.headers, { password: 'x' })).status).toBe(
      400,
    );
    expect(
      (await send('PATCH', '/api/users/00000000-0000-4000-8000-000000000000', admin.headers, { name: 'n' }))
        .status,
    ).toBe(404);
  });

  it('never leaves the console without an enabled admin', async () => {
    const db = await createTestDatabase();
    try {
      const solo = createTestApp(db, { clock });
      const admin = await loginAs(solo, db, ['admin'], { now: clock.now() });
      const demote = await solo.request(`/api/users/${admin.user.id}`, {
        method: 'PATCH',
        headers: { ...admin.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ disabled: true }),
      });
      expect(demote.status).toBe(409);
      expect(await code(demote)).toBe('CONFLICT');
    } finally {
      await db.close();
    }
  });

  it('two concurrent changes (disable one admin, demote the other) cannot both pass the last-admin guard', async () => {
    const db = await createTestDatabase();
    try {
      const solo = createTestApp(db, { clock });
      for (let round = 0; round < 5; round++) {
        await db.db.updateTable('users').set({ disabled: true }).execute();
        const a = await loginAs(solo, db, ['admin'], { now: clock.now() });
        const b = await loginAs(solo, db, ['admin'], { now: clock.now() });
        const patch = (id: string, body: unknown) =>
          solo.request(`/api/users/${id}`, {
            method: 'PATCH',
            headers: { ...a.headers, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
        const answers = await Promise.all([
          patch(b.user.id, { disabled: true }),
          patch(a.user.id, { roles: ['auditor'] }),
        ]);
        expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
        const admins = await db.db
          .selectFrom('users')
          .select('id')
          .where('disabled', '=', false)
          .where(sql<boolean>`'admin' = any(roles)`)
          .execute();
        expect(admins).toHaveLength(1);
      }
    } finally {
      await db.close();
    }
  });
});

describe('first accounts and the login page configuration', () => {
  it('sandbox mode: demo accounts for every role, listed by /api/auth/config, usable to sign in', async () => {
    const db = await createTestDatabase();
    try {
      await ensureInitialUsers(db.db, ...startupFor(testConfig()), quietLogger(), clock);
      await ensureInitialUsers(db.db, ...startupFor(testConfig()), quietLogger(), clock); // idempotent
      const sandbox = createTestApp(db, { clock });
      const cfg = (await (await sandbox.request('/api/auth/config')).json()) as {
        sandbox: boolean;
        sso: boolean;
        demo_accounts: { email: string; password: string; roles: string[] }[];
      };
      expect(cfg.sandbox).toBe(true);
      expect(cfg.sso).toBe(false);
      expect(cfg.demo_accounts.map((a) => a.email)).toEqual(DEMO_ACCOUNTS.map((a) => a.email));
      const roles = new Set(cfg.demo_accounts.flatMap((a) => a.roles));
      expect([...roles].sort()).toEqual(['admin', 'auditor', 'partner_manager', 'reviewer']);
      expect(cfg.demo_accounts.filter((a) => a.roles.includes('reviewer'))).toHaveLength(2);
      const res = await sandbox.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'reviewer2@sandbox.test', password: DEMO_PASSWORD }),
      });
      expect(res.status).toBe(200);
    } finally {
      await db.close();
    }
  });

  it('outside sandbox mode: no demo accounts; ADMIN_* makes the first admin, else a hint to user:create', async () => {
    const live = { DIDIT_API_KEY: 'k', DIDIT_WEBHOOK_SECRET: 's' };
    const db = await createTestDatabase();
    try {
      const bare = createTestApp(db, { clock, env: live });
      await ensureInitialUsers(db.db, ...startupFor(testConfig(live)), quietLogger(), clock);
      const cfg = (await (await bare.request('/api/auth/config')).json()) as Record<string, unknown>;
      expect(cfg.sandbox).toBe(false);
      expect(cfg.demo_accounts).toBeUndefined();
      expect(cfg.first_admin_hint).toContain('pnpm user:create');
      expect(await db.db.selectFrom('users').select('id').execute()).toEqual([]);

      const withAdmin = { ...live, ADMIN_EMAIL: 'boss@example.test', ADMIN_PASSWORD: 'boss-passphrase-123' };
      await ensureInitialUsers(db.db, ...startupFor(testConfig(withAdmin)), quietLogger(), clock);
      const users = await db.db.selectFrom('users').select(['email', 'roles']).execute();
      expect(users).toEqual([{ email: 'boss@example.test', roles: ['admin'] }]);
      const after = (await (await bare.request('/api/auth/config')).json()) as Record<string, unknown>;
      expect(after.first_admin_hint).toBeUndefined();
    } finally {
      await db.close();
    }
  });

  it('pnpm user:create reads the password from stdin and never echoes it', async () => {
    const cli = path.resolve(import.meta.dirname, '../cli/user-create.main.ts');
    const secret = 'cli-canary-passphrase-42';
    const env = { ...process.env, DATABASE_URL: ctx.database.connectionString, LOG_LEVEL: 'silent' };
    /** Runs the CLI with `args`, writing `stdin` to it; its output and exit code. */
    const userCreate = (args: string[], stdin: string) =>
      new Promise<{ stdout: string; stderr: string; code: number }>((resolve) => {
        const child = execFile(
          process.execPath,
          ['--conditions=source', '--import', 'tsx', cli, ...args, '--password-stdin'],
          { env },
          (err, stdout, stderr) => resolve({ stdout, stderr, code: err ? Number(err.code ?? 1) : 0 }),
        );
        child.stdin!.end(stdin);
      });
    const out = await userCreate(
      ['--email', 'cli.admin@example.test', '--name', 'Cli Admin', '--roles', 'admin,auditor'],
      `${secret}\n`,
    );
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout + out.stderr).not.toContain(secret);
    const row = await ctx.database.db
      .selectFrom('users')
      .select(['roles', 'password_hash'])
      .where('email', '=', 'cli.admin@example.test')
      .executeTakeFirstOrThrow();
    expect(row.roles).toEqual(['admin', 'auditor']);
    expect(await verifyPassword(row.password_hash, secret)).toBe(true);

    // The CLI takes the same policy: a weak password is refused with one line and nothing is created.
    const weak = await userCreate(
      ['--email', 'cli.weak@example.test', '--name', 'Weak', '--roles', 'auditor'],
      'password1234\n',
    );
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/^user:create: This password is too easy to guess/);
    expect(
      await ctx.database.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'cli.weak@example.test')
        .execute(),
    ).toEqual([]);
  });
});
