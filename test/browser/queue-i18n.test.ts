import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../../web/src/i18n/messages/en/queue.json' with { type: 'json' };
import sw from '../../web/src/i18n/messages/sw/queue.json' with { type: 'json' };
import { browserAvailable, launchBrowser, waitForSessions } from '../support/browser.ts';
import { type ConsoleProcess, startConsole } from '../support/console.ts';
import { signInIn } from '../support/i18n.ts';

/**
 * Issue 18, the queue: its column headers, tabs and the second reviewer's view come from the catalogs, and
 * a change of language in the account menu changes them at once (no reload), to the Kiswahili catalog's words.
 */
const run = browserAvailable();

type Catalog = Record<string, string>;
const COLUMNS = ['subject', 'kind', 'status', 'findings', 'workflow', 'assigned_to', 'created', 'last_event'];
const AWAITING = ['case', 'decision', 'by', 'since', 'why', 'comment'];

/** The header texts of a table, without the empty header of the selection column. */
const headers = (page: Page, testId: string) =>
  page
    .getByTestId(testId)
    .locator('thead th')
    .evaluateAll((ths) => ths.map((th) => (th.textContent ?? '').trim()).filter(Boolean));

const tabs = (page: Page) =>
  page
    .getByRole('tablist')
    .getByRole('tab')
    .evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()));

describe.skipIf(!run)('the queue in English and Kiswahili', () => {
  let konsole: ConsoleProcess;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    [konsole, browser] = await Promise.all([startConsole(), launchBrowser()]);
    await waitForSessions(konsole.url, 5, 180_000, 0);
  });

  afterAll(async () => {
    await context?.close().catch(() => {});
    await browser?.close();
    await konsole?.stop();
  });

  it('headers, tabs and the awaiting view switch from English to the Kiswahili catalog with the language', async () => {
    const signedIn = await signInIn(browser, konsole.url, 'reviewer@sandbox.test', 'en');
    context = signedIn.context;
    const page = signedIn.page;
    const table = page.getByTestId('queue-table');
    await table.locator('tbody tr').first().waitFor();
    const english = en as Catalog;
    const swahili = sw as Catalog;
    const want = (c: Catalog) => COLUMNS.map((id) => c[`columns.h.${id}`]);
    await expect.poll(() => headers(page, 'queue-table')).toEqual(expect.arrayContaining(want(english)));

    await page.getByTestId('account-button').click();
    await page.getByTestId('language-sw').click();
    await expect.poll(() => headers(page, 'queue-table')).toEqual(expect.arrayContaining(want(swahili)));
    const shown = await headers(page, 'queue-table');
    for (const id of COLUMNS) expect(shown).not.toContain(english[`columns.h.${id}`]);
    expect(page.url()).toContain('/queue');

    await expect
      .poll(() => tabs(page))
      .toEqual([
        swahili['tabs.review'],
        swahili['tabs.imported'],
        swahili['tabs.all'],
        expect.stringMatching(/^Zinasubiri uthibitisho wangu( \(\d+\))?$/),
      ]);
    await page.getByRole('tab', { name: swahili['tabs.all'] }).waitFor();
    await page.getByRole('tab', { name: /^Zinasubiri uthibitisho wangu/ }).click();
    await page.getByTestId('awaiting-table').waitFor();
    expect(await headers(page, 'awaiting-table')).toEqual(AWAITING.map((k) => swahili[`awaiting.h.${k}`]));
    await page.getByText(swahili['awaiting.empty']!).waitFor();
  });
});
