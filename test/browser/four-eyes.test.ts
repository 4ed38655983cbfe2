import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { apiAs, describeInBrowser, listSessions, openCase } from '../support/suite.ts';

/**
 * The reviewer pair in a real browser (sandbox mode: every four-eyes rule on). Approving a Declined case
 * overturns a decline, so it is staged for a second reviewer. The second reviewer finds it under "Awaiting
 * my confirmation" and rejects it with a reason; the requester reads that reason on the case and in a
 * notice. Claims: Cancel in a decision dialog gives back the claim it took; an admin breaks a claim.
 */
describeInBrowser('four-eyes and claims in the browser', (suite) => {
  let reviewer: Page;
  let second: Page;
  let declinedId: string;

  async function ids(page: Page, query: string): Promise<string[]> {
    return (await listSessions(page, query)).map((i) => i.session_id);
  }

  const reviewOf = async (page: Page, id: string) =>
    (await apiAs(page, 'GET', `/api/sessions/${id}/review`)).body;

  beforeAll(async () => {
    reviewer = await suite.signIn('reviewer');
    second = await suite.signIn('reviewer2');
    const declined = await ids(reviewer, 'status=Declined&kind=user&limit=20');
    expect(declined.length).toBeGreaterThan(0);
    declinedId = declined[0]!;
  });

  it('reviewer stages, second reviewer rejects with a reason, the requester reads it', async () => {
    await openCase(reviewer, declinedId);
    await reviewer.getByRole('button', { name: /^Approve/ }).click();
    await reviewer.getByTestId('decision-form').getByRole('textbox').fill('The decline was a false match');
    await reviewer.getByTestId('decision-submit').click();
    await reviewer.getByTestId('pending-decision').waitFor();

    // While it waits, the requester cannot open another decision, and is told why.
    await expect(reviewer.getByRole('button', { name: /^Decline/ }).isDisabled()).resolves.toBe(true);
    await reviewer
      .getByText('Your decision is waiting for a second reviewer. Withdraw it to decide differently.')
      .waitFor();

    // The second reviewer's queue: a view of what awaits their confirmation.
    await second.goto('/queue');
    await second.getByRole('tab', { name: /Awaiting my confirmation \(1\)/ }).click();
    const table = second.getByTestId('awaiting-table');
    await table.getByRole('link', { name: declinedId.slice(0, 8) }).click();
    await second.waitForURL(new RegExp(`/sessions/${declinedId}`));
    await second.getByRole('button', { name: 'Reject…' }).click();
    await second.getByLabel('Why reject (required)').fill('Sanctions list match is real: see AML tab');
    await second.getByRole('button', { name: 'Reject staged decision' }).click();
    await second.getByTestId('pending-decision').waitFor({ state: 'detached' });

    // The requester: on the case, and in a notice wherever they are.
    await reviewer.reload();
    const outcome = reviewer.getByTestId('four-eyes-outcome');
    await outcome.getByText('rejected by Rhea Second-Reviewer').waitFor();
    await outcome.getByText('Sanctions list match is real: see AML tab').waitFor();
    await reviewer.goto('/queue');
    const notices = reviewer.getByTestId('four-eyes-notices');
    await notices.getByText('Sanctions list match is real: see AML tab').waitFor();
    await notices.getByRole('button', { name: 'Dismiss' }).click();
    await notices.waitFor({ state: 'detached' });
    await reviewer.reload();
    await reviewer.getByRole('table').getByRole('row').nth(1).waitFor();
    await expect(reviewer.getByTestId('four-eyes-notices').count()).resolves.toBe(0);
  });

  it('the requester withdraws a staged decision themselves and can decide again', async () => {
    await openCase(reviewer, declinedId);
    await reviewer.getByRole('button', { name: /^Approve/ }).click();
    await reviewer.getByTestId('decision-form').getByRole('textbox').fill('Second look: still a false match');
    await reviewer.getByTestId('decision-submit').click();
    const pending = reviewer.getByTestId('pending-decision');
    await pending.getByRole('button', { name: 'Withdraw…' }).click();
    await reviewer.getByLabel('Why withdraw (optional)').fill('Waiting for the new registry extract');
    await reviewer.getByRole('button', { name: 'Withdraw staged decision' }).click();
    await pending.waitFor({ state: 'detached' });
    await expect(reviewer.getByRole('button', { name: /^Approve/ }).isEnabled()).resolves.toBe(true);
    const review = await reviewOf(reviewer, declinedId);
    expect(review.pending).toBeNull();
    expect(review.decisions[0]).toMatchObject({
      state: 'rejected',
      rejected_by: { name: 'Rui Reviewer' },
      reject_comment: 'Waiting for the new registry extract',
    });
  });

  it('Cancel in a decision dialog gives back the claim the dialog took', async () => {
    const free = [];
    for (const id of await ids(reviewer, 'status=In%20Review&kind=user&limit=50')) {
      if ((await reviewOf(reviewer, id)).claim === null) free.push(id);
      if (free.length) break;
    }
    const id = free[0]!;
    await openCase(reviewer, id);
    await reviewer.getByTestId('claim-bar').getByText('Nobody holds this case.').waitFor();
    await reviewer.getByRole('button', { name: /^Decline/ }).click();
    await reviewer.getByTestId('decision-form').waitFor();
    expect((await reviewOf(reviewer, id)).claim?.holder.name).toBe('Rui Reviewer');
    await reviewer.getByRole('button', { name: 'Cancel' }).click();
    await reviewer.getByTestId('claim-bar').getByText('Nobody holds this case.').waitFor();
    expect((await reviewOf(reviewer, id)).claim).toBeNull();
  });

  it('an admin breaks a claim from the case page, after confirming', async () => {
    const [id] = await ids(reviewer, 'status=In%20Review&kind=business&limit=5');
    expect((await apiAs(second, 'POST', `/api/sessions/${id}/claim`)).status).toBe(200);
    const admin = await suite.signIn('admin');
    await openCase(admin, id!);
    const bar = admin.getByTestId('claim-bar');
    await bar.getByText('Rhea Second-Reviewer').waitFor();
    await bar.getByRole('button', { name: 'Break claim…' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Break claim' }).click();
    await bar.getByText('Nobody holds this case.').waitFor();
    expect((await reviewOf(admin, id!)).claim).toBeNull();
    const audit = await apiAs(admin, 'GET', `/api/audit?action=review.claim_break&session_id=${id}`);
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.people[audit.body.items[0].actor_id].name).toBe('Ada Admin');
  });
});
