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
 * Issue 12, "assignment and flow", on the case page: a reviewer puts a case on a colleague's desk from the
 * case itself, the colleague finds it under the queue's "Assigned: To me", and a read-only auditor sees
 * whose desk it is on without any control to change it.
 */
const run = browserAvailable();

describe.skipIf(!run)('assigning a case from the case page', () => {
  let konsole: ConsoleProcess;
  let browser: Browser;
  let reviewer: Page;
  let second: Page;
  let auditor: Page;

  beforeAll(async () => {
    [konsole, browser] = await Promise.all([startConsole(), launchBrowser()]);
    await waitForSessions(konsole.url, 5, 180_000, 0);
    const pageOf = async (email: string) => (await signInFromRoot(browser, konsole.url, email)).page;
    reviewer = await pageOf('reviewer@sandbox.test');
    second = await pageOf('reviewer2@sandbox.test');
    auditor = await pageOf('auditor@sandbox.test');
  });

  afterAll(async () => {
    await browser?.close();
    await konsole?.stop();
  });

  it('a reviewer assigns a case to reviewer2, who finds it under "Assigned: To me"; an auditor only sees it', async () => {
    const free = (await apiAs(reviewer, 'GET', '/api/sessions?status=In%20Review&assigned=none&limit=1')).body
      .items[0] as { session_id: string; session_number: number };
    await reviewer.goto(`/sessions/${free.session_id}`);
    const assignee = reviewer.getByTestId('case-assignee');
    await assignee.getByText('Unassigned').waitFor();
    await reviewer
      .getByLabel('Assign this case to a reviewer')
      .selectOption({ label: 'Rhea Second-Reviewer' });
    await assignee.getByText('Rhea Second-Reviewer').waitFor();
    const review = await apiAs(reviewer, 'GET', `/api/sessions/${free.session_id}/review`);
    expect(review.body.assignment.name).toBe('Rhea Second-Reviewer');

    // Reviewer 2's queue, filtered to what is on their desk, through the filter a person uses.
    await second.goto('/queue');
    await second.getByTestId('queue-table').locator('tbody tr').first().waitFor();
    await second.getByLabel('Assigned').selectOption({ label: 'To me' });
    await second.waitForURL(/assigned=me/);
    await second.getByRole('link', { name: String(free.session_number), exact: true }).waitFor();

    await auditor.goto(`/sessions/${free.session_id}`);
    await auditor.getByTestId('case-assignee').getByText('Rhea Second-Reviewer').waitFor();
    const controls = auditor.getByTestId('case-assignment');
    expect(await controls.getByRole('combobox').count()).toBe(0);
    expect(await controls.getByRole('button').count()).toBe(0);

    // Back on the first reviewer's page: the case can be taken back off reviewer 2's desk.
    await reviewer.getByRole('button', { name: 'Unassign', exact: true }).click();
    await assignee.getByText('Unassigned').waitFor();
    expect(
      (await apiAs(reviewer, 'GET', `/api/sessions/${free.session_id}/review`)).body.assignment,
    ).toBeNull();
  });

  it('a refused assignment says why from the catalog (the case is claimed by someone else)', async () => {
    const free = (await apiAs(reviewer, 'GET', '/api/sessions?status=In%20Review&assigned=none&limit=1')).body
      .items[0] as { session_id: string };
    await reviewer.goto(`/sessions/${free.session_id}`);
    await reviewer.getByTestId('case-assignee').getByText('Unassigned').waitFor();
    // Reviewer 2 claims the case after the page loaded; the page's review state stays the one it loaded (its
    // next poll could otherwise come first and grey the button out), so the server is the one to refuse.
    const loaded = (await apiAs(reviewer, 'GET', `/api/sessions/${free.session_id}/review`)).body;
    await reviewer.route(`**/api/sessions/${free.session_id}/review`, (route) =>
      route.fulfill({ json: loaded }),
    );
    expect((await apiAs(second, 'POST', `/api/sessions/${free.session_id}/claim`)).status).toBe(200);
    await reviewer.getByRole('button', { name: 'Assign to me', exact: true }).click();
    await reviewer
      .getByTestId('assignment-error')
      .getByText('Rhea Second-Reviewer is reviewing this case.')
      .waitFor();
    await reviewer.unrouteAll();
    expect(
      (await apiAs(reviewer, 'GET', `/api/sessions/${free.session_id}/review`)).body.assignment,
    ).toBeNull();
  });
});
