import { expect, it } from 'vitest';
import { apiAs, describeInBrowser, listSessions, openCase, screenshot } from '../support/suite.ts';

/**
 * Issue 16: a person's profile across sessions. From a case, the vendor data opens the profile (every session
 * with that vendor_data, Didit's entity status and history); a reviewer flags the person with a reason, the
 * sandbox (as Didit) sends user.status.updated back, the page shows FLAGGED. An auditor reads, cannot flag.
 */
describeInBrowser('people and businesses in the browser', (suite) => {
  it('opens the profile from a case, lists its sessions, and a reviewer flags the person with a reason', async () => {
    const reviewer = await suite.signIn('reviewer', { from: '/login' });
    const list = await listSessions(reviewer, 'status=In%20Review&kind=user&limit=20');
    const item = list.find((i) => i.vendor_data);
    expect(item).toBeDefined();
    await openCase(reviewer, item!.session_id);
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

    const auditor = await suite.signIn('auditor', { from: '/login' });
    await auditor.goto(`/entities/${encodeURIComponent(item!.vendor_data!)}`);
    await auditor.getByTestId('entity-status').getByText('FLAGGED').waitFor();
    await expect(auditor.getByRole('button', { name: 'Block' }).count()).resolves.toBe(0);
  });
});
