import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, startupFor, testConfig } from '../../test/app.ts';
import { createTestDatabase } from '../../test/database.ts';
import { ConfigError, parseConfig } from '../platform/config.ts';
import type { Database } from '../platform/db/database.ts';
import { createLogger } from '../platform/logger.ts';
import { DEMO_ACCOUNTS } from './demo-accounts.ts';
import { assertNoDemoPasswords, DemoPasswordError, ensureInitialUsers } from './initial-users.ts';

const quietLogger = () => createLogger('silent', pino.destination({ dest: '/dev/null', sync: false }));
const clock = { now: () => new Date('2026-11-22T09:00:00Z') };
const EXTERNAL = 'postgres://console@db.example.test/console';

let database: Database | undefined;
afterEach(async () => {
  await database?.close();
  database = undefined;
});
const demoEmails = async (db: Database) =>
  (
    await db.db
      .selectFrom('users')
      .select('email')
      .where(
        'email',
        'in',
        DEMO_ACCOUNTS.map((a) => a.email),
      )
      .execute()
  ).map((r) => r.email);

describe('demo accounts (published password)', () => {
  it('are created in sandbox mode on the embedded database, and listed on the login page', async () => {
    database = await createTestDatabase();
    const config = testConfig();
    expect(config.auth.demoAccounts).toBe(true);
    await ensureInitialUsers(database.db, ...startupFor(config), quietLogger(), clock);
    expect(await demoEmails(database)).toHaveLength(DEMO_ACCOUNTS.length);
    const res = await createTestApp(database).request('/api/auth/config');
    expect(((await res.json()) as { demo_accounts?: unknown[] }).demo_accounts).toHaveLength(
      DEMO_ACCOUNTS.length,
    );
  });

  it('are not created by a sandbox start against an external database unless DEMO_ACCOUNTS=1', async () => {
    database = await createTestDatabase();
    const config = testConfig({ DATABASE_URL: EXTERNAL });
    expect(config.auth.demoAccounts).toBe(false);
    await ensureInitialUsers(database.db, ...startupFor(config), quietLogger(), clock);
    expect(await demoEmails(database)).toEqual([]);
    const res = await createTestApp(database, { env: { DATABASE_URL: EXTERNAL } }).request(
      '/api/auth/config',
    );
    expect(await res.json()).not.toHaveProperty('demo_accounts');

    await ensureInitialUsers(
      database.db,
      ...startupFor(testConfig({ DATABASE_URL: EXTERNAL, DEMO_ACCOUNTS: '1' })),
      quietLogger(),
      clock,
    );
    expect(await demoEmails(database)).toHaveLength(DEMO_ACCOUNTS.length);
  });

  it('DEMO_ACCOUNTS with a real Didit key stops start-up naming the variable', () => {
    expect(() => parseConfig({ DIDIT_API_KEY: 'k', DIDIT_WEBHOOK_SECRET: 's', DEMO_ACCOUNTS: '1' })).toThrow(
      ConfigError,
    );
    expect(() => parseConfig({ DIDIT_API_KEY: 'k', DIDIT_WEBHOOK_SECRET: 's', DEMO_ACCOUNTS: '1' })).toThrow(
      /^DEMO_ACCOUNTS: /,
    );
  });

  it('a console with a real key refuses to start while an enabled account has the demo password', async () => {
    database = await createTestDatabase();
    await ensureInitialUsers(database.db, ...startupFor(testConfig()), quietLogger(), clock);
    const refused = await assertNoDemoPasswords(database.db).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DemoPasswordError);
    expect((refused as DemoPasswordError).emails.sort()).toEqual(DEMO_ACCOUNTS.map((a) => a.email).sort());
    expect((refused as Error).message).not.toContain('sandbox-demo-password');

    // Disabled, they open nothing: start-up goes ahead.
    await database.db.updateTable('users').set({ disabled: true }).execute();
    await expect(assertNoDemoPasswords(database.db)).resolves.toBeUndefined();
  });
});
