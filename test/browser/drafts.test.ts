import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { apiAs, describeInBrowser, openCase, pickCase, screenshot } from '../support/suite.ts';

/** A note and a decision comment being typed when the login ends come back after signing in again. */
describeInBrowser('drafts survive the end of a login', (suite) => {
  let page: Page;

  beforeAll(async () => {
    page = await suite.signIn('reviewer');
  });

  it('restores the note and the decision comment after sign-in, and clears them once sent', async () => {
    const id = await pickCase(page, 'status=In%20Review&has_aml_hits=false&limit=5');
    await openCase(page, id);
    const note = 'Half-written note: the utility bill address';
    const comment = 'Evidence reviewed; the document and the selfie';
    await page.getByTestId('note-input').fill(note);
    await page.getByRole('button', { name: /^Approve/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Approve case' });
    await dialog.getByLabel(/Comment/).fill(comment);

    // The login ends elsewhere (signed out in another tab): the page's next request answers 401.
    expect((await apiAs(page, 'POST', '/api/auth/logout')).status).toBeLessThan(300);
    await page.waitForURL(/\/login\?next=/, { timeout: 30_000 });
    await page.getByRole('button', { name: /reviewer@sandbox\.test/ }).click();
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(new RegExp(`/sessions/${id}`));

    await expect.poll(() => page.getByTestId('note-input').inputValue(), { timeout: 15_000 }).toBe(note);
    await page.getByTestId('decision-draft').waitFor();
    await screenshot(page, 'draft-restored');
    await page.getByTestId('decision-draft').getByRole('button', { name: 'Continue' }).click();
    const again = page.getByRole('dialog', { name: 'Approve case' });
    await expect(again.getByLabel(/Comment/).inputValue()).resolves.toBe(comment);
    await again.getByTestId('decision-submit').click();
    await again.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Save note' }).click();
    await expect.poll(() => page.getByTestId('note-input').inputValue(), { timeout: 15_000 }).toBe('');
    const left = await page.evaluate(() =>
      Object.keys(localStorage).filter((k) => k.startsWith('console.draft.v1:')),
    );
    expect(left).toEqual([]);
  });
});
