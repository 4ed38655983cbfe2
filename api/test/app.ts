import pino from 'pino';
import { type AppDeps, createApp } from '../src/app.ts';
import { type Capabilities, capabilitiesFor } from '../src/capabilities.ts';
import { type Clock, systemClock } from '../src/platform/clock.ts';
import type { Config } from '../src/platform/config.ts';
import { parseConfig } from '../src/platform/config.ts';
import type { Database } from '../src/platform/db/database.ts';
import { createLogger, type Logger } from '../src/platform/logger.ts';

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

export function createTestApp(
  database: Database,
  options: {
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
  } = {},
) {
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
