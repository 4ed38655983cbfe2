import pino from 'pino';
import { afterAll, beforeAll, expect } from 'vitest';
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

/** A JSON request to `app` as a signed-in user (their cookie and CSRF token), with an optional body. */
export function sendAs(
  app: Pick<TestApp, 'request'>,
  who: LoggedIn,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  return Promise.resolve(
    app.request(path, {
      method,
      headers: { ...who.headers, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
}

/** The `error` of the console's error envelope `{error: {code, message, details?}}`. */
export async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string; details?: Record<string, any> } })
    .error;
}

/** Asserts an error answer by its status and `error.code` (what tests assert, not the prose); returns the error. */
export async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  const error = await errorOf(res);
  expect(error.code).toBe(code);
  return error;
}

/** The `error.code` of the console's error envelope (undefined when the answer is not an error). */
export async function errorCode(res: Response): Promise<string | undefined> {
  return ((await res.json()) as { error?: { code: string } }).error?.code;
}

/** Signs in each account (in the order given) through the app's login route, at `now` unless it says. */
export async function signInAccounts<A extends string>(
  app: TestApp,
  database: Database,
  accounts: Record<A, AccountSpec>,
  now?: Date,
): Promise<Record<A, LoggedIn>> {
  const signedIn = {} as Record<A, LoggedIn>;
  for (const [name, [roles, login]] of Object.entries(accounts) as [A, AccountSpec][]) {
    signedIn[name] = await loginAs(app, database, roles, { now, ...login });
  }
  return signedIn;
}

/**
 * A test file's own migrated database, an app around it, and the accounts it signed in (`as.alice`); read
 * them in hooks and tests, not at load time. `send` can be taken at load time: it reads `app` when called.
 */
export interface TestContext<A extends string = never> {
  database: Database;
  app: TestApp;
  as: Record<A, LoggedIn>;
  /** `sendAs(app, …)`: a JSON request as a signed-in user. */
  send(who: LoggedIn, method: string, path: string, body?: unknown): Promise<Response>;
}

/**
 * Builds the file's database and app before its tests (`beforeAll`), signs in the accounts in the order
 * given (at the test clock's time, when there is one), and drops the database after the tests.
 */
export function useTestApp<const A extends string = never>(
  options: TestAppOptions = {},
  accounts: Record<A, AccountSpec> = {} as Record<A, AccountSpec>,
): TestContext<A> {
  const ctx = {
    as: {},
    send: (who, method, path, body) => sendAs(ctx.app, who, method, path, body),
  } as TestContext<A>;
  beforeAll(async () => {
    ctx.database = await createTestDatabase();
    ctx.app = createTestApp(ctx.database, options);
    ctx.as = await signInAccounts(ctx.app, ctx.database, accounts, options.clock?.now());
  });
  afterAll(() => ctx.database?.close());
  return ctx;
}
