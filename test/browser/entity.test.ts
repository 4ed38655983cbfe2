import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiAs,
  browserAvailable,
  launchBrowser,
  newContext,
  screenshot,
  signIn,
  waitForSessions,
} from '../support/browser.ts';
import { type ConsoleProcess, startConsole } from '../support/console.ts';

/**
 * Issue 16: a person's profile across sessions. From a case, the vendor data opens the profile (every session
 * with that vendor_data, Didit's entity status and history); a reviewer flags the person with a reason, the
 * sandbox (as Didit) sends user.status.updated back, the page shows FLAGGED. An auditor reads, cannot flag.
 */
const run = browserAvailable();

describe.skipIf(!run)('people and businesses in the browser', () => {
  let konsole: ConsoleProcess;
  let browser: Browser;

  async function as(email: string): Promise<Page> {
    const context = await newContext(browser, konsole.url);
    const page = await context.newPage();
    await signIn(page, email);
    return page;
  }

  beforeAll(async () => {
    [konsole, browser] = await Promise.all([startConsole(), launchBrowser()]);
    await waitForSessions(konsole.url);
  });

  afterAll(async () => {
    await browser?.close();
    await konsole?.stop();
  });

  it('opens the profile from a case, lists its sessions, and a reviewer flags the person with a reason', async () => {
    const reviewer = await as('reviewer@sandbox.test');
    const list = await apiAs(reviewer, 'GET', '/api/sessions?status=In%20Review&kind=user&limit=20');
    expect(list.status).toBe(200);
    const item = (list.body.items as { session_id: string; vendor_data: string | null }[]).find(
      (i) => i.vendor_data,
    );
    expect(item).toBeDefined();
    await reviewer.goto(`/sessions/${item!.session_id}`);
    await reviewer.getByRole('link', { name: item!.vendor_data! }).click();
    await reviewer.waitForURL(/\/entities\//);
    const sessions = reviewer.getByTestId('entity-sessions');
    await sessions.waitFor();
    await expect(sessions.locator(`a[href="/sessions/${item!.session_id}"]`).count()).resolves.toBe(1);

    await reviewer.getByRole('button', { name: 'Flag' }).click();
    await reviewer.getByLabel(/Reason for flag/).fill('Same face as another customer');
    await reviewer.getByRole('button', { name: 'Flag' }).last().click();
    await reviewer.getByTestId('entity-status').getByText('FLAGGED').waitFor({ timeout: 60_000 });
    await reviewer.getByTestId('entity-history').getByText('FLAGGED').waitFor();
    await screenshot(reviewer, 'entity-flagged');

    const audit = await apiAs(
      reviewer,
      'GET',
      `/api/entities/user/${encodeURIComponent(item!.vendor_data!)}`,
    );
    expect(
      audit.body.events.some(
        (e: any) => e.source === 'reviewer' && e.reason === 'Same face as another customer',
      ),
    ).toBe(true);

    const auditor = await as('auditor@sandbox.test');
    await auditor.goto(`/entities/${encodeURIComponent(item!.vendor_data!)}`);
    await auditor.getByTestId('entity-status').getByText('FLAGGED').waitFor();
    await expect(auditor.getByRole('button', { name: 'Block' }).count()).resolves.toBe(0);
  });
});
