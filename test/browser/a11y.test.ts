import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from '../support/axe.ts';
import {
  apiAs,
  browserAvailable,
  launchBrowser,
  signInFromRoot,
  waitForSessions,
} from '../support/browser.ts';
import { type ConsoleProcess, startConsole } from '../support/console.ts';

/** axe-core on the pages this work touched: no serious or critical violation (heading order, alt text, names). */
const run = browserAvailable();

describe.skipIf(!run)('accessibility of the queue and the case', () => {
  let konsole: ConsoleProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [konsole, browser] = await Promise.all([startConsole(), launchBrowser()]);
    await waitForSessions(konsole.url);
    ({ page } = await signInFromRoot(browser, konsole.url, 'reviewer@sandbox.test'));
  });

  afterAll(async () => {
    await browser?.close();
    await konsole?.stop();
  });

  it('the Account button is named by the text it shows', async () => {
    const button = page.getByTestId('account-button');
    const text = (await button.innerText()).replace(/\s+/g, ' ').trim();
    const name = await button.evaluate((el) => el.getAttribute('aria-label') ?? el.textContent ?? '');
    expect(name.replace(/\s+/g, ' ')).toContain(text.split(' ')[0]);
    await page.getByRole('button', { name: new RegExp(`^${text.split('\n')[0]!.split(' ')[0]}`) }).waitFor();
  });

  it('the queue passes axe', async () => {
    await page.goto('/queue');
    await page.getByTestId('queue-table').locator('tbody tr').first().waitFor();
    await expectNoSeriousA11yViolations(page);
  });

  it('a KYC case with AML hits, and a hit’s detail, pass axe', async () => {
    const res = await apiAs(
      page,
      'GET',
      '/api/sessions?status=In%20Review&has_unreviewed_hits=true&kind=user',
    );
    const id = res.body.items[0].session_id as string;
    await page.goto(`/sessions/${id}`);
    await page.getByTestId('why-review').waitFor();
    await page.locator('[data-testid^="aml-hit-open-"]').first().waitFor();
    await expectNoSeriousA11yViolations(page);
    await page.locator('[data-testid^="aml-hit-open-"]').first().click();
    await page.getByTestId('aml-hit-detail').waitFor();
    await expectNoSeriousA11yViolations(page);
    await page.keyboard.press('Escape');
  });

  it('a KYB case passes axe', async () => {
    const res = await apiAs(page, 'GET', '/api/sessions?status=In%20Review&kind=business');
    await page.goto(`/sessions/${res.body.items[0].session_id}`);
    await page.locator('.evidence-grid > section').first().waitFor();
    await expectNoSeriousA11yViolations(page);
  });
});
