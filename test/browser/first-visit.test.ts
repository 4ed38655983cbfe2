import { expect, it } from 'vitest';
import { type Account, describeInBrowser } from '../support/suite.ts';

/**
 * Where a person starts: a fresh browser profile (no cookies, empty cache) at `/`. The first load sends
 * the queue's first GET before anyone has signed in (it is answered 401); after signing in the queue must
 * open, for every role, instead of the login form coming back.
 */
const accounts: Account[] = ['admin', 'reviewer', 'reviewer2', 'partner', 'auditor'];

describeInBrowser('first visit from / in a fresh profile', (suite) => {
  for (const who of accounts) {
    it(`${who}@sandbox.test signs in from / and reaches the queue`, async () => {
      const page = await suite.signIn(who);
      try {
        // The queue's rows, not a moment on /queue before the stale 401 sends the page back to /login.
        await page.getByRole('table').getByRole('row').nth(1).waitFor();
        await page.waitForTimeout(1_000);
        expect(new URL(page.url()).pathname).toBe('/queue');
        await expect(page.getByRole('button', { name: 'Sign in', exact: true }).count()).resolves.toBe(0);
      } finally {
        await page.context().close();
      }
    });
  }
});
