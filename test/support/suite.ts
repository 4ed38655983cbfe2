import { createSandbox } from '@console/sandbox/sandbox';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe } from 'vitest';
import {
  apiAs,
  browserAvailable,
  type ContextOptions,
  launchBrowser,
  openContext,
  signInAt,
  waitForSessions,
} from './browser.ts';
import { type ConsoleProcess, startConsole } from './console.ts';
import { CHROME, type TestLocale } from './i18n.ts';

export { expectNoSeriousA11yViolations, WCAG22_AA } from './axe.ts';
export { apiAs, browserAvailable, screenshot, signInAt } from './browser.ts';
export { CHROME, htmlLang, localeScreenshot, navLink, type TestLocale } from './i18n.ts';

/** A demo account by its role's name (`reviewer` is reviewer@sandbox.test), or any email. */
export type Account = 'admin' | 'reviewer' | 'reviewer2' | 'partner' | 'auditor' | `${string}@${string}`;
const emailOf = (who: Account): string => (who.includes('@') ? who : `${who}@sandbox.test`);

interface BrowserSuiteOptions {
  /** The console's environment on top of the test defaults (e.g. CLAIM_IDLE_MINUTES). */
  env?: Record<string, string>;
  /**
   * The seeded data to wait for before the tests: at least `minimum` In Review sessions (default 30, the
   * whole seed), their count unchanged for `settleMs` (default 5 s). See `waitForSessions`.
   */
  seed?: { minimum?: number; settleMs?: number };
}

interface SignInOptions extends ContextOptions {
  /** The language the login page is shown in (which "Sign in" to press); English by default. */
  language?: TestLocale;
  /** `/` (the default: sent on to the login page, as a first visit is) or `/login` itself. */
  from?: '/' | '/login';
}

interface BrowserSuite {
  /** The real console (sandbox mode), started for this describe block. */
  readonly console: ConsoleProcess;
  readonly browser: Browser;
  /** The console's base URL. */
  readonly url: string;
  /** A fresh browser profile, closed with the suite. */
  newContext(options?: ContextOptions): Promise<BrowserContext>;
  /** A page in a fresh browser profile, not signed in. */
  newPage(options?: ContextOptions): Promise<Page>;
  /** A fresh browser profile signed in as `who` through the login page; the page is on the queue. */
  signIn(who: Account, options?: SignInOptions): Promise<Page>;
  /**
   * One page per account, signed in (in the order given) before the block's tests:
   * `const pages = suite.signedIn({ reviewer: 'reviewer', second: 'reviewer2' })`, then `pages.second`.
   * Call it in the describe body; read the pages in hooks and tests.
   */
  signedIn<const K extends string>(accounts: Record<K, Account>): Record<K, Page>;
}

/**
 * One console and one Chromium for the describe block it is called in: started (in parallel) in a
 * `beforeAll` registered here, so the block's own `beforeAll`s run after it, and stopped after the block's
 * `afterAll`s. Waits for the sandbox's seeded data before the first test.
 *
 *   const suite = browserSuite({ seed: { minimum: 5, settleMs: 0 } });
 *   let page: Page;
 *   beforeAll(async () => { page = await suite.signIn('reviewer'); });
 */
export function browserSuite({ env = {}, seed = {} }: BrowserSuiteOptions = {}): BrowserSuite {
  let konsole: ConsoleProcess | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    await Promise.all([
      startConsole(env).then((c) => {
        konsole = c;
      }),
      launchBrowser().then((b) => {
        browser = b;
      }),
    ]);
    await waitForSessions(konsole!.url, seed.minimum ?? 30, 180_000, seed.settleMs ?? 5_000);
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await konsole?.stop();
  });

  const started = <T>(what: string, value: T | undefined): T => {
    if (value === undefined)
      throw new Error(`browserSuite: the ${what} is not started (use it inside a hook or test)`);
    return value;
  };

  const suite: BrowserSuite = {
    get console() {
      return started('console', konsole);
    },
    get browser() {
      return started('browser', browser);
    },
    get url() {
      return suite.console.url;
    },
    async newContext(options) {
      const context = await openContext(suite.browser, suite.url, options);
      contexts.push(context);
      return context;
    },
    async newPage(options) {
      return (await suite.newContext(options)).newPage();
    },
    async signIn(who, { language = 'en', from = '/', ...context } = {}) {
      const page = await suite.newPage(context);
      await signInAt(page, emailOf(who), { from, signInLabel: CHROME[language].signIn });
      return page;
    },
    signedIn(accounts) {
      const pages = {} as Record<keyof typeof accounts, Page>;
      beforeAll(async () => {
        for (const [name, who] of Object.entries(accounts) as [keyof typeof accounts, Account][]) {
          pages[name] = await suite.signIn(who);
        }
      });
      return pages;
    },
  };
  return suite;
}

/**
 * A describe block of browser tests, `body` given its `browserSuite(options)`. Skipped with a message where
 * this machine has no Chromium, a failure instead under REQUIRE_BROWSER=1 (`browserAvailable`).
 *
 *   describeInBrowser('the case page', (suite) => { … });
 *   describeInBrowser('idle claims', { env: { CLAIM_IDLE_MINUTES: '1' } }, (suite) => { … });
 */
export function describeInBrowser(name: string, body: (suite: BrowserSuite) => void): void;
export function describeInBrowser(
  name: string,
  options: BrowserSuiteOptions,
  body: (suite: BrowserSuite) => void,
): void;
export function describeInBrowser(
  name: string,
  ...args: [(suite: BrowserSuite) => void] | [BrowserSuiteOptions, (suite: BrowserSuite) => void]
): void {
  const [options, body] = args.length === 1 ? [{}, args[0]] : args;
  describe.skipIf(!browserAvailable())(name, () => body(browserSuite(options)));
}

/* ---------- what tests do on the console's pages, by name ---------- */

/** One row of `GET /api/sessions` (the fields the browser tests read). */
export interface SessionItem {
  session_id: string;
  session_number: number | null;
  session_kind: 'user' | 'business';
  status: string | null;
  vendor_data: string | null;
  full_name: string | null;
  workflow_id: string | null;
  aml_hits: number;
  aml_unreviewed_hits: number;
  created_at: string;
  [field: string]: any;
}

/** The sessions the list API gives `page`'s user for `query` (`/api/sessions?<query>`). */
export async function listSessions(page: Page, query: string): Promise<SessionItem[]> {
  const res = await apiAs(page, 'GET', `/api/sessions?${query}`);
  if (res.status !== 200)
    throw new Error(`GET /api/sessions?${query}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.items as SessionItem[];
}

/** The id of the first session `query` lists (a case of the kind a test needs); fails when there is none. */
export async function pickCase(page: Page, query: string): Promise<string> {
  const [first] = await listSessions(page, query);
  if (!first) throw new Error(`no session for /api/sessions?${query}`);
  return first.session_id;
}

/** The status `GET /api/sessions/:id` shows `page`'s user for session `id` (to poll after a decision). */
export async function sessionStatus(page: Page, id: string): Promise<string | null> {
  return (await apiAs(page, 'GET', `/api/sessions/${id}`)).body.session.status;
}

/** Opens the case page of session `id`. */
export async function openCase(page: Page, id: string): Promise<void> {
  await page.goto(`/sessions/${id}`);
}

/** The queue table's body rows. */
export const queueRows = (page: Page) => page.getByTestId('queue-table').locator('tbody tr');

/** Waits until the queue table shows its first row. */
export function waitForQueueRows(page: Page): Promise<void> {
  return queueRows(page).first().waitFor();
}

/** The trimmed text of every element `locator` matches, in document order. */
export function textsOf(locator: Locator): Promise<string[]> {
  return locator.evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()));
}

/** The applications of the sandbox's default seed (deterministic, as the console's own sandbox has them). */
export async function sandboxApplications() {
  const twin = createSandbox();
  const app = (name: 'partner' | 'console') => twin.applications.find((a) => a.name === name)!;
  const apps = { partner: app('partner'), console: app('console') };
  await twin.close();
  return apps;
}
