import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiAs,
  browserAvailable,
  launchBrowser,
  signInFromRoot,
  waitForSessions,
} from '../support/browser.ts';
import { type ConsoleProcess, startConsole } from '../support/console.ts';

/**
 * Issue 12, "what mature consoles give", the queue side: next case, assignment, saved views and sorting,
 * bulk actions, the entity-status filter and the dashboard, each driven from `/` in a fresh profile.
 */
const run = browserAvailable();

describe.skipIf(!run)('the queue a compliance team runs its day in', () => {
  let konsole: ConsoleProcess;
  let browser: Browser;
  let reviewer: Page;
  let second: Page;

  beforeAll(async () => {
    [konsole, browser] = await Promise.all([startConsole(), launchBrowser()]);
    await waitForSessions(konsole.url, 5, 180_000, 0);
    reviewer = (await signInFromRoot(browser, konsole.url, 'reviewer@sandbox.test')).page;
    second = (await signInFromRoot(browser, konsole.url, 'reviewer2@sandbox.test')).page;
  });

  afterAll(async () => {
    await browser?.close();
    await konsole?.stop();
  });

  it('"Next case" opens the oldest free In Review case, assigned to and claimed by me', async () => {
    const free = await apiAs(
      reviewer,
      'GET',
      '/api/sessions?status=In%20Review&assigned=none&order=oldest&limit=2',
    );
    const [oldest, after] = free.body.items.map((i: { session_id: string }) => i.session_id);
    await reviewer.getByTestId('next-case').click();
    await reviewer.waitForURL(new RegExp(`/sessions/${oldest}`));
    await reviewer.getByTestId('claim-bar').getByText('You hold this case').waitFor();

    // The second reviewer, at the same moment, gets the next one, not the same.
    await second.getByTestId('next-case').click();
    await second.waitForURL(new RegExp(`/sessions/${after}`));

    const mine = await apiAs(reviewer, 'GET', '/api/sessions?status=In%20Review&assigned=me');
    expect(mine.body.items.map((i: { session_id: string }) => i.session_id)).toEqual([oldest]);
    expect(mine.body.items[0].assigned_to.name).toBe(mine.body.items[0].assignee.name);
  });
});
