import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { REPO } from './console.ts';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = path.join(REPO, 'test/artifacts/screenshots');
export const DEMO_PASSWORD = 'sandbox-demo-password';

/**
 * Whether browser tests can run here. Without Chromium they are skipped with a message, unless
 * REQUIRE_BROWSER=1 (CI), where a missing browser is a failure rather than a silent skip.
 */
export function browserAvailable(): boolean {
  const found = fs.existsSync(CHROMIUM_PATH);
  if (!found && process.env.REQUIRE_BROWSER === '1') {
    throw new Error(`REQUIRE_BROWSER=1 but no Chromium at ${CHROMIUM_PATH} (set CHROMIUM_PATH)`);
  }
  if (!found) console.warn(`Browser tests skipped: no Chromium at ${CHROMIUM_PATH} (set CHROMIUM_PATH)`);
  return found;
}

/** Chromium as the tests and benches run it: headless, and none of its own background traffic. */
export const BROWSER_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: BROWSER_ARGS });
}

export interface ContextOptions {
  /** The browser's language (Accept-Language, navigator.languages); Chromium's default when absent. */
  locale?: string;
  viewport?: { width: number; height: number };
}

/** A fresh browser context: no cookies, empty cache and sessionStorage, as a new browser profile. */
export async function openContext(
  browser: Browser,
  baseURL: string,
  { locale, viewport = { width: 1360, height: 900 } }: ContextOptions = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, viewport, ...(locale ? { locale } : {}) });
  context.setDefaultTimeout(20_000);
  return context;
}

/** The login page's button for a demo account (the sandbox lists them; the button shows the email). */
export const demoAccountButton = (email: string) => new RegExp(email.replace(/[.@]/g, '\\$&'));

/**
 * Signs in through the login page as a person would: from `/` (sent on to the login page) or straight at
 * `/login`, picking the demo account from the sandbox list and pressing the page's "Sign in" (`signInLabel`,
 * in the page's language). Returns on the queue.
 */
export async function signInAt(
  page: Page,
  email: string,
  { from = '/', signInLabel = 'Sign in' }: { from?: '/' | '/login'; signInLabel?: string } = {},
): Promise<void> {
  await page.goto(from);
  if (from === '/') await page.waitForURL(/\/login/);
  await page.getByRole('button', { name: demoAccountButton(email) }).click();
  await page.getByRole('button', { name: signInLabel, exact: true }).click();
  await page.waitForURL(/\/queue/);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** The CSRF token the SPA received at sign-in (kept in sessionStorage by web/src/api/client.ts). */
function csrfOf(page: Page): Promise<string | null> {
  return page.evaluate(() => sessionStorage.getItem('console.csrf'));
}

/** Calls the API as the page's signed-in user (same cookies, same CSRF token), the way the SPA does. */
export async function apiAs(
  page: Page,
  method: 'GET' | 'POST' | 'DELETE' | 'PATCH',
  url: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const csrf = await csrfOf(page);
  const res = await page.context().request.fetch(url, {
    method,
    headers: {
      'Content-Type': 'application/json',
      ...(csrf && method !== 'GET' ? { 'X-CSRF-Token': csrf } : {}),
    },
    data: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {}
  return { status: res.status(), body: parsed };
}

/**
 * Waits until sandbox mode has seeded its demo data: at least `minimum` In Review sessions (the seed makes
 * 30+) and the count unchanged for `settleMs`, so tests compare against the final data, not a moving one.
 */
export async function waitForSessions(
  baseURL: string,
  minimum = 30,
  timeoutMs = 180_000,
  settleMs = 5_000,
): Promise<void> {
  const login = await fetch(`${baseURL}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: baseURL },
    body: JSON.stringify({ email: 'auditor@sandbox.test', password: DEMO_PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`demo login failed: ${login.status} ${await login.text()}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  let stableSince = Date.now();
  for (;;) {
    const res = await fetch(`${baseURL}/api/sessions?limit=100&status=In%20Review`, { headers: { cookie } });
    if (res.status === 200) {
      const body = (await res.json()) as { items: unknown[] };
      const n = body.items.length;
      if (n !== last) {
        last = n;
        stableSince = Date.now();
      } else if (n >= minimum && Date.now() - stableSince >= settleMs) return;
    }
    if (Date.now() > deadline)
      throw new Error('the sandbox did not finish seeding In Review sessions in time');
    await new Promise((r) => setTimeout(r, 1000));
  }
}
