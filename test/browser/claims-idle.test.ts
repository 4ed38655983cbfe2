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
 * A claim lapses after CLAIM_IDLE_MINUTES without an action of its holder, even while their case tab stays
 * open and polls; and the console's own polls are marked so they do not keep the login alive either.
 * The idle time is 15 seconds here so the test can watch a claim lapse.
 */
const run = browserAvailable();
const IDLE_SECONDS = 15;

describe.skipIf(!run)('claims lapse while a case tab is left open', () => {
  let konsole: ConsoleProcess;
  let browser: Browser;
  let holder: Page;
  let other: Page;

  beforeAll(async () => {
    [konsole, browser] = await Promise.all([
      startConsole({ CLAIM_IDLE_MINUTES: String(IDLE_SECONDS / 60) }),
      launchBrowser(),
    ]);
    await waitForSessions(konsole.url, 5, 180_000, 0);
    holder = (await signInFromRoot(browser, konsole.url, 'reviewer@sandbox.test')).page;
    other = (await signInFromRoot(browser, konsole.url, 'reviewer2@sandbox.test')).page;
  });

  afterAll(async () => {
    await browser?.close();
    await konsole?.stop();
  });

  it("the queue's polls are marked as background requests", async () => {
    await holder.goto('/queue');
    await holder.getByRole('table').getByRole('row').nth(1).waitFor();
    const poll = await holder.waitForRequest(
      (r) => new URL(r.url()).pathname === '/api/sessions' && r.headers()['x-console-background'] === '1',
      { timeout: 30_000 },
    );
    expect(poll.method()).toBe('GET');
  });

  it('a claimed case left open lapses for its holder and another reviewer can take it', async () => {
    const list = await apiAs(holder, 'GET', '/api/sessions?status=In%20Review&limit=5');
    const id = list.body.items[0].session_id as string;
    await holder.goto(`/sessions/${id}`);
    await holder.getByTestId('claim-button').click();
    await holder.getByTestId('claim-bar').getByText('You hold this case').waitFor();
    // The open tab polls its review state; those polls are background requests and extend nothing.
    await holder.waitForRequest(
      (r) => r.url().endsWith(`/api/sessions/${id}/review`) && r.headers()['x-console-background'] === '1',
      { timeout: 30_000 },
    );
    expect((await apiAs(other, 'POST', `/api/sessions/${id}/claim`)).status).toBe(409);

    // Nothing is done on the case: the claim lapses although the tab is still open and polling.
    const deadline = Date.now() + 120_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await apiAs(other, 'POST', `/api/sessions/${id}/claim`)).status;
      if (status === 200) break;
      await other.waitForTimeout(2_000);
    }
    expect(status).toBe(200);
    // The holder's tab learns it on its next poll.
    await holder.getByTestId('claim-bar').getByText('Rhea Second-Reviewer').waitFor({ timeout: 30_000 });
  });
});
