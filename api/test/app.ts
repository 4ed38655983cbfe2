import pino from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { type AppDeps, createApp } from '../src/app.ts';
import { type Capabilities, capabilitiesFor } from '../src/capabilities.ts';
import { type Clock, systemClock } from '../src/platform/clock.ts';
import type { Config, Role } from '../src/platform/config.ts';
import { parseConfig } from '../src/platform/config.ts';
import type { Database } from '../src/platform/db/database.ts';
import { createLogger, type Logger } from '../src/platform/logger.ts';
import { type LoggedIn, type LoginAsOptions, loginAs } from './auth.ts';
import { createTestDatabase } from './database.ts';

/** Config for tests: sandbox mode, no second factor required, unless the test says otherwise. */
export function testConfig(env: Record<string, string> = {}) {
  return parseConfig({ LOG_LEVEL: 'silent', ...env });
}

/** `ensureInitialUsers`'s account settings and capabilities, as the server derives them from a config. */
export function startupFor(config: Config) {
  return [config.auth, capabilitiesFor(config)] as const;
}

export function silentLogger() {
  return createLogger('silent', pino.destination({ dest: '/dev/null', sync: false }));
}

export interface TestAppOptions {
  env?: Record<string, string>;
  capabilities?: Capabilities;
  clock?: Clock;
  didit?: AppDeps['didit'];
  ownDiditApplication?: AppDeps['ownDiditApplication'];
  logger?: Logger;
  webhookSecret?: AppDeps['webhookSecret'];
  pokeJobs?: AppDeps['pokeJobs'];
  webDist?: string;
  batchRunner?: AppDeps['batchRunner'];
}

export function createTestApp(database: Database, options: TestAppOptions = {}) {
  return createApp({
    config: testConfig(options.env),
    capabilities: options.capabilities,
    database,
    clock: options.clock ?? systemClock,
    logger: options.logger ?? silentLogger(),
    didit: options.didit,
    ownDiditApplication: options.ownDiditApplication,
    webhookSecret: options.webhookSecret,
    pokeJobs: options.pokeJobs,
    webDist: options.webDist,
    batchRunner: options.batchRunner,
  });
}

export type TestApp = ReturnType<typeof createTestApp>;

/** An account `useTestApp` signs in before the tests: its roles, and `loginAs` options (a name, a time). */
export type AccountSpec = readonly [roles: Role[], options?: LoginAsOptions];

/**
 * A test file's own migrated database, an app around it, and the accounts it signed in (`as.alice`); read
 * them in hooks and tests, not at load time.
 */
export interface TestContext<A extends string = never> {
  database: Database;
  app: TestApp;
  as: Record<A, LoggedIn>;
}

/**
 * Builds the file's database and app before its tests (`beforeAll`), signs in the accounts in the order
 * given, and drops the database after the tests.
 */
export function useTestApp<const A extends string = never>(
  options: TestAppOptions = {},
  accounts: Record<A, AccountSpec> = {} as Record<A, AccountSpec>,
): TestContext<A> {
  const ctx = { as: {} } as TestContext<A>;
  beforeAll(async () => {
    ctx.database = await createTestDatabase();
    ctx.app = createTestApp(ctx.database, options);
    for (const [name, [roles, login]] of Object.entries(accounts) as [A, AccountSpec][]) {
      ctx.as[name] = await loginAs(ctx.app, ctx.database, roles, login);
    }
  });
  afterAll(() => ctx.database?.close());
  return ctx;
}
