import type { Browser, BrowserContext, Page } from 'playwright-core';
import { newContext } from './browser.ts';

/**
 * Where a person starts: a fresh browser context (no cookies, empty cache) at `/`, sent to the login page,
 * picking their demo account from the sandbox list.
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
