import { expect, it } from 'vitest';
import { apiAs, describeInBrowser, listSessions, openCase, waitForQueueRows } from '../support/suite.ts';

/**
 * Issue 12, "assignment and flow", on the case page: a reviewer puts a case on a colleague's desk from the
 * case itself, the colleague finds it under the queue's "Assigned: To me", and a read-only auditor sees
 * whose desk it is on without any control to change it.
 */
describeInBrowser('assigning a case from the case page', { seed: { minimum: 5, settleMs: 0 } }, (suite) => {
  const pages = suite.signedIn({ reviewer: 'reviewer', second: 'reviewer2', auditor: 'auditor' });

  /** An In Review case on nobody's desk. */
  const freeCase = async () =>
    (await listSessions(pages.reviewer, 'status=In%20Review&assigned=none&limit=1'))[0]!;

  it('a reviewer assigns a case to reviewer2, who finds it under "Assigned: To me"; an auditor only sees it', async () => {
    const free = await freeCase();
    await openCase(pages.reviewer, free.session_id);
    const assignee = pages.reviewer.getByTestId('case-assignee');
    await assignee.getByText('Unassigned').waitFor();
    await pages.reviewer
      .getByLabel('Assign this case to a reviewer')
      .selectOption({ label: 'Rhea Second-Reviewer' });
    await assignee.getByText('Rhea Second-Reviewer').waitFor();
    const review = await apiAs(pages.reviewer, 'GET', `/api/sessions/${free.session_id}/review`);
    expect(review.body.assignment.name).toBe('Rhea Second-Reviewer');

    // Reviewer 2's queue, filtered to what is on their desk, through the filter a person uses.
    await pages.second.goto('/queue');
    await waitForQueueRows(pages.second);
    await pages.second.getByLabel('Assigned').selectOption({ label: 'To me' });
    await pages.second.waitForURL(/assigned=me/);
    await pages.second.getByRole('link', { name: String(free.session_number), exact: true }).waitFor();

    await openCase(pages.auditor, free.session_id);
    await pages.auditor.getByTestId('case-assignee').getByText('Rhea Second-Reviewer').waitFor();
    const controls = pages.auditor.getByTestId('case-assignment');
    expect(await controls.getByRole('combobox').count()).toBe(0);
    expect(await controls.getByRole('button').count()).toBe(0);

    // Back on the first reviewer's page: the case can be taken back off reviewer 2's desk.
    await pages.reviewer.getByRole('button', { name: 'Unassign', exact: true }).click();
    await assignee.getByText('Unassigned').waitFor();
    expect(
      (await apiAs(pages.reviewer, 'GET', `/api/sessions/${free.session_id}/review`)).body.assignment,
    ).toBeNull();
  });

  it('a refused assignment says why from the catalog (the case is claimed by someone else)', async () => {
    const free = await freeCase();
    await openCase(pages.reviewer, free.session_id);
    await pages.reviewer.getByTestId('case-assignee').getByText('Unassigned').waitFor();
    // Reviewer 2 claims the case after the page loaded; the page's review state stays the one it loaded (its
    // next poll could otherwise come first and grey the button out), so the server is the one to refuse.
    const loaded = (await apiAs(pages.reviewer, 'GET', `/api/sessions/${free.session_id}/review`)).body;
    await pages.reviewer.route(`**/api/sessions/${free.session_id}/review`, (route) =>
      route.fulfill({ json: loaded }),
    );
    expect((await apiAs(pages.second, 'POST', `/api/sessions/${free.session_id}/claim`)).status).toBe(200);
    await pages.reviewer.getByRole('button', { name: 'Assign to me', exact: true }).click();
    await pages.reviewer
      .getByTestId('assignment-error')
      .getByText('Rhea Second-Reviewer is reviewing this case.')
      .waitFor();
    await pages.reviewer.unrouteAll();
    expect(
      (await apiAs(pages.reviewer, 'GET', `/api/sessions/${free.session_id}/review`)).body.assignment,
    ).toBeNull();
  });
});
