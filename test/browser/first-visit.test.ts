import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, newContext, waitForSessions } from '../support/browser.ts';
import { type ConsoleProcess, startConsole } from '../support/console.ts';

/**
 * Where a person starts: a fresh browser profile (no cookies, empty cache) at `/`. The first load sends
 * the queue's first GET before anyone has signed in (it is answered 401); after signing in the queue must
 * open, for every role, instead of the login form coming back.
 */
const run = browserAvailable();

const accounts = [
  'admin@sandbox.test',
  'reviewer@sandbox.test',
  'reviewer2@sandbox.test',
  'partner@sandbox.test',
  'auditor@sandbox.test',
];

describe.skipIf(!run)('first visit from / in a fresh profile', () => {
  let konsole: ConsoleProcess;
  let browser: Browser;

  beforeAll(async () => {
    [konsole, browser] = await Promise.all([startConsole(), launchBrowser()]);
    await waitForSessions(konsole.url);
  });

  afterAll(async () => {
    await browser?.close();
    await konsole?.stop();
  });

  for (const email of accounts) {
    it(`${email} signs in from / and reaches the queue`, async () => {
      const context = await newContext(browser, konsole.url);
      try {
        const page = await context.newPage();
        await page.goto('/');
        await page.waitForURL(/\/login/);
        await page.getByRole('button', { name: new RegExp(email.replace(/[.@]/g, '\\$&')) }).click();
        await page.getByRole('button', { name: 'Sign in', exact: true }).click();
        await page.waitForURL(/\/queue/);
        // The queue's rows, not a moment on /queue before the stale 401 sends the page back to /login.
        await page.getByRole('table').getByRole('row').nth(1).waitFor();
        await page.waitForTimeout(1_000);
        expect(new URL(page.url()).pathname).toBe('/queue');
        await expect(page.getByRole('button', { name: 'Sign in', exact: true }).count()).resolves.toBe(0);
      } finally {
        await context.close();
      }
    });
  }
});
