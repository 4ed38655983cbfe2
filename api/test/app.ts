import pino from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { type AppDeps, createApp } from '../src/app.ts';
import { type Capabilities, capabilitiesFor } from '../src/capabilities.ts';
import { type Clock, systemClock } from '../src/platform/clock.ts';
import type { Config } from '../src/platform/config.ts';
import { parseConfig } from '../src/platform/config.ts';
import type { Database } from '../src/platform/db/database.ts';
import { createLogger, type Logger } from '../src/platform/logger.ts';
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

/** A test file's own migrated database and an app around it; read them in hooks and tests, not at load time. */
export interface TestContext {
  database: Database;
  app: TestApp;
}

/** Builds the file's database and app before its tests (`beforeAll`) and drops the database after them. */
export function useTestApp(options: TestAppOptions = {}): TestContext {
  const ctx = {} as TestContext;
  beforeAll(async () => {
    ctx.database = await createTestDatabase();
    ctx.app = createTestApp(ctx.database, options);
  });
  afterAll(() => ctx.database?.close());
  return ctx;
}
