import type { Browser, BrowserContext, Page } from 'playwright-core';
import { newContext } from './browser.ts';

/**
 * A person's start: a fresh browser profile at `/`, sent to the login page, picking their demo account.
 * Returns on the queue.
 */
export async function signInFromRoot(
  browser: Browser,
  baseURL: string,
  email: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser, baseURL);
  const page = await context.newPage();
  await page.goto('/');
  await page.waitForURL(/\/login/);
  await page.getByRole('button', { name: new RegExp(email.replace(/[.@]/g, '\\$&')) }).click();
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(/\/queue/);
  return { context, page };
}
