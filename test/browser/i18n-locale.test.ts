import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiAs, browserAvailable, browserSuite, CHROME, htmlLang, navLink } from '../support/suite.ts';

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
});
