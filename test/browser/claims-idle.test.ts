import { expect, it } from 'vitest';
import { apiAs, describeInBrowser, openCase, pickCase } from '../support/suite.ts';

/**
 * A claim lapses after CLAIM_IDLE_MINUTES without an action of its holder, even while their case tab stays
 * open and polls; and the console's own polls are marked so they do not keep the login alive either.
 * The idle time is 15 seconds here so the test can watch a claim lapse.
 */
const IDLE_SECONDS = 15;

/** The console of these tests: claims lapse after IDLE_SECONDS; five seeded sessions are enough. */
const IDLE_CONSOLE = {
  env: { CLAIM_IDLE_MINUTES: String(IDLE_SECONDS / 60) },
  seed: { minimum: 5, settleMs: 0 },
};

describeInBrowser('claims lapse while a case tab is left open', IDLE_CONSOLE, (suite) => {
  const pages = suite.signedIn({ holder: 'reviewer', other: 'reviewer2' });

  it("the queue's polls are marked as background requests", async () => {
    await pages.holder.goto('/queue');
    await pages.holder.getByRole('table').getByRole('row').nth(1).waitFor();
    const poll = await pages.holder.waitForRequest(
      (r) => new URL(r.url()).pathname === '/api/sessions' && r.headers()['x-console-background'] === '1',
      { timeout: 30_000 },
    );
    expect(poll.method()).toBe('GET');
  });

  it('a claimed case left open lapses for its holder and another reviewer can take it', async () => {
    const id = await pickCase(pages.holder, 'status=In%20Review&limit=5');
    await openCase(pages.holder, id);
    await pages.holder.getByTestId('claim-button').click();
    await pages.holder.getByTestId('claim-bar').getByText('You hold this case').waitFor();
    // The open tab polls its review state; those polls are background requests and extend nothing.
    await pages.holder.waitForRequest(
      (r) => r.url().endsWith(`/api/sessions/${id}/review`) && r.headers()['x-console-background'] === '1',
      { timeout: 30_000 },
    );
    expect((await apiAs(pages.other, 'POST', `/api/sessions/${id}/claim`)).status).toBe(409);

    // Nothing is done on the case: the claim lapses although the tab is still open and polling.
    const deadline = Date.now() + 120_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await apiAs(pages.other, 'POST', `/api/sessions/${id}/claim`)).status;
      if (status === 200) break;
      await pages.other.waitForTimeout(2_000);
    }
    expect(status).toBe(200);
    // The holder's tab learns it on its next poll.
    await pages.holder
      .getByTestId('claim-bar')
      .getByText('Rhea Second-Reviewer')
      .waitFor({ timeout: 30_000 });
  });
});
