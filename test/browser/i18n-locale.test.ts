import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { catalog } from '../support/i18n.ts';
import {
  apiAs,
  browserAvailable,
  browserSuite,
  CHROME,
  htmlLang,
  navLink,
  signInAt,
} from '../support/suite.ts';

/** The built web app the console serves (`pnpm --filter web build`). */
const DIST = join(import.meta.dirname, '../../web/dist');
/** Issue 5's budget for the JavaScript loaded before the first page renders, which issue 18 must keep. */
const INITIAL_JS_BUDGET = 250 * 1024;

/**
 * Issue 18: which language the console speaks. The browser's language decides (Accept-Language /
 * navigator.languages) until the person picks one in the account menu; that choice is kept on the server,
 * so it survives a reload and follows the person to a new browser.
 */
const run = browserAvailable();

describe.skipIf(!run)('the console language', () => {
  const suite = browserSuite({ seed: { minimum: 1 } });
  const signInEnglish = async (who: 'reviewer' | 'partner') => {
    const page = await suite.signIn(who, { locale: 'en-US' });
    return { page, context: page.context() };
  };

  async function chooseLanguage(page: Page, item: 'language-en' | 'language-sw' | 'language-browser') {
    await page.getByTestId('account-button').click();
    await page.getByTestId(item).click();
  }

  it('a browser set to Kiswahili gets the login page and the console in Kiswahili', async () => {
    const context = await suite.newContext({ locale: 'sw-KE' });
    try {
      const page = await context.newPage();
      const acceptLanguage = new Promise<string | undefined>((resolve) =>
        page.on('request', (r) => {
          if (r.url().endsWith('/api/auth/config')) resolve(r.headers()['accept-language']);
        }),
      );
      await page.goto('/');
      await page.waitForURL(/\/login/);
      await page.getByRole('heading', { level: 1, name: CHROME.sw.brand }).waitFor();
      expect(await acceptLanguage).toMatch(/^sw/);
      await expect(page.evaluate(() => navigator.languages[0])).resolves.toMatch(/^sw/);
      await expect(htmlLang(page)).resolves.toBe('sw');
      await page.getByRole('button', { name: /auditor@sandbox\.test/ }).click();
      await page.getByRole('button', { name: CHROME.sw.signIn, exact: true }).click();
      await page.waitForURL(/\/queue/);
      await navLink(page, 'sw', CHROME.sw.queue);
      await navLink(page, 'sw', CHROME.sw.audit);
      // Nothing was chosen: the server keeps no language for this person.
      await expect(apiAs(page, 'GET', '/api/auth/me').then((r) => r.body.user.locale)).resolves.toBeNull();
    } finally {
      await context.close();
    }
  });

  it('a browser in another language gets English', async () => {
    const context = await suite.newContext({ locale: 'fr-FR' });
    try {
      const page = await context.newPage();
      await page.goto('/login');
      await page.getByRole('heading', { level: 1, name: CHROME.en.brand }).waitFor();
      await expect(htmlLang(page)).resolves.toBe('en');
    } finally {
      await context.close();
    }
  });

  it('the choice in the account menu is kept on the server: it survives a reload and a new browser', async () => {
    const first = await signInEnglish('reviewer');
    try {
      await navLink(first.page, 'en', CHROME.en.queue);
      await chooseLanguage(first.page, 'language-sw');
      await navLink(first.page, 'sw', CHROME.sw.queue);
      await expect(htmlLang(first.page)).resolves.toBe('sw');
      await expect(apiAs(first.page, 'GET', '/api/auth/me').then((r) => r.body.user.locale)).resolves.toBe(
        'sw',
      );

      await first.page.reload();
      await navLink(first.page, 'sw', CHROME.sw.queue);
      await expect(htmlLang(first.page)).resolves.toBe('sw');

      // Another browser, in English, with no storage of its own: the person's choice comes from the server.
      const second = await signInEnglish('reviewer');
      try {
        await navLink(second.page, 'sw', CHROME.sw.queue);
        await expect(htmlLang(second.page)).resolves.toBe('sw');

        // Back to "same as my browser": English again, and nothing kept.
        await chooseLanguage(second.page, 'language-browser');
        await navLink(second.page, 'en', CHROME.en.queue);
        await expect(
          apiAs(second.page, 'GET', '/api/auth/me').then((r) => r.body.user.locale),
        ).resolves.toBeNull();
      } finally {
        await second.context.close();
      }
    } finally {
      await first.context.close();
    }
  });

  it('after signing out, this device shows the login page in the language last chosen on it', async () => {
    const { context, page } = await signInEnglish('partner');
    try {
      await chooseLanguage(page, 'language-sw');
      await navLink(page, 'sw', CHROME.sw.queue);
      await page.getByTestId('account-button').click();
      await page.getByRole('menuitem', { name: 'Toka' }).click();
      await page.waitForURL(/\/login/);
      await page.getByRole('heading', { level: 1, name: CHROME.sw.brand }).waitFor();
      await page.reload();
      await page.getByRole('heading', { level: 1, name: CHROME.sw.brand }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('times are in the browser’s time zone (Nairobi) in the chosen language, the same instant in UTC on hover', async () => {
    const context = await suite.browser.newContext({
      baseURL: suite.url,
      locale: 'sw-KE',
      timezoneId: 'Africa/Nairobi',
    });
    try {
      const page = await context.newPage();
      await signInAt(page, 'auditor@sandbox.test', { signInLabel: CHROME.sw.signIn });
      await page.goto('/audit');
      const time = page.getByTestId('audit-table').locator('tbody time').first();
      await time.waitFor();
      const iso = (await time.getAttribute('datetime'))!;
      // Formatted here with the zones named, so the expectation does not depend on the zone the app picks.
      const expected = await page.evaluate((at) => {
        const date = new Date(at);
        const format = (timeZone: string, timeStyle: 'short' | 'long') =>
          new Intl.DateTimeFormat('sw', { dateStyle: 'medium', timeStyle, timeZone }).format(date);
        return {
          nairobi: format('Africa/Nairobi', 'short'),
          utcShort: format('UTC', 'short'),
          utc: format('UTC', 'long'),
        };
      }, iso);
      expect(expected.nairobi).not.toBe(expected.utcShort); // three hours apart: the test can tell them apart
      await expect(time.textContent()).resolves.toBe(expected.nairobi);
      await expect(time.getAttribute('title')).resolves.toBe(expected.utc);
    } finally {
      await context.close();
    }
  });

  it('each language’s catalog is a chunk of its own, Kiswahili fetched only when shown; the initial JavaScript holds no catalog but the English one preloaded beside it, and stays within 250 KB gzip', async () => {
    /** The catalog chunks (`assets/en-….js`, `assets/sw-….js`) a browser in `locale` fetches for the login page. */
    async function catalogsFetched(locale: string, brand: string): Promise<string[]> {
      const context = await suite.newContext({ locale });
      try {
        const page = await context.newPage();
        const fetched: string[] = [];
        page.on('request', (r) => {
          const m = /\/assets\/(en|sw)-[^/]*\.js$/.exec(new URL(r.url()).pathname);
          if (m) fetched.push(m[1]!);
        });
        await page.goto('/login');
        await page.getByRole('heading', { level: 1, name: brand }).waitFor();
        return fetched.sort();
      } finally {
        await context.close();
      }
    }
    // Kiswahili is laid over English (a key missing in Kiswahili still shows words), so it brings both.
    await expect(catalogsFetched('en-US', CHROME.en.brand)).resolves.toEqual(['en']);
    await expect(catalogsFetched('sw-KE', CHROME.sw.brand)).resolves.toEqual(['en', 'sw']);

    // The initial JavaScript: index.html's entry script and the modules it preloads (its static imports, and
    // the English catalog every locale is laid over, preloaded beside the entry: web/scripts/preload-catalog.ts).
    const html = readFileSync(join(DIST, 'index.html'), 'utf8');
    const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
    expect(initial.length).toBeGreaterThan(0);
    const code = new Map(initial.map((file) => [file, readFileSync(join(DIST, file), 'utf8')]));
    const gzipped = [...code.values()].reduce((sum, text) => sum + gzipSync(text, { level: 9 }).length, 0);
    expect(gzipped).toBeLessThanOrEqual(INITIAL_JS_BUDGET);
    // No Kiswahili in it at all, and English only in the English catalog's own chunk, not in the code's.
    const isEnglishCatalog = (file: string) => /^assets\/en-[^/]*\.js$/.test(file);
    for (const locale of ['en', 'sw'] as const) {
      const messages = Object.values(catalog(locale)).filter((m) => m.length >= 30 && !/[{<'"\\]/.test(m));
      expect(messages.length).toBeGreaterThan(50);
      const holders = [...code].filter(([file]) => locale === 'sw' || !isEnglishCatalog(file));
      expect(messages.filter((m) => holders.some(([, text]) => text.includes(m)))).toEqual([]);
    }
  });
});
