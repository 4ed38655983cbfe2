import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { apiAs, describeInBrowser, pickCase } from '../support/suite.ts';

/**
 * The admin's and the auditor's pages: last sign-in, password reset, a confirmation before disabling; the
 * audit log with what changed, people by name, expandable rows and filters that take what the table shows;
 * and the login page explaining an SSO failure.
 */
describeInBrowser('admin and auditor in the browser', { seed: { minimum: 5, settleMs: 0 } }, (suite) => {
  const pages = suite.signedIn({ admin: 'admin', partner: 'partner' });
  let noteSession: string;

  const userRow = (page: Page, email: string) =>
    page.getByTestId('users-table').getByRole('row').filter({ hasText: email });

  it('shows when each account last signed in', async () => {
    await pages.admin.goto('/admin/users');
    const row = userRow(pages.admin, 'partner@sandbox.test');
    await row.waitFor();
    const header = await pages.admin.getByTestId('users-table').locator('thead th').allTextContents();
    const col = header.findIndex((h) => h.trim() === 'Last sign-in');
    expect(col).toBeGreaterThan(-1);
    const cell = (await row.getByRole('cell').allTextContents())[col]!;
    expect(cell.trim()).not.toBe('—');
    expect(cell).toMatch(/\d/);
    const never = (await userRow(pages.admin, 'reviewer2@sandbox.test').getByRole('cell').allTextContents())[
      col
    ]!;
    expect(never.trim()).toBe('—');
  });

  it('resets a local password: shown once, the old login ends, the new password signs in', async () => {
    await pages.admin.goto('/admin/users');
    await userRow(pages.admin, 'partner@sandbox.test')
      .getByRole('button', { name: 'Reset password' })
      .click();
    await pages.admin.getByRole('dialog').getByRole('button', { name: 'Reset password' }).click();
    const password = await pages.admin.getByTestId('new-password').inputValue();
    expect(password.length).toBeGreaterThanOrEqual(16);
    await pages.admin.getByRole('button', { name: 'Done' }).click();

    expect((await apiAs(pages.partner, 'GET', '/api/auth/me')).status).toBe(401);
    const page = await suite.newPage();
    await page.goto('/login');
    await page.getByLabel('Email').fill('partner@sandbox.test');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(/\/queue/);
    await page.context().close();
  });

  it('asks before disabling an account', async () => {
    await pages.admin.goto('/admin/users');
    const row = userRow(pages.admin, 'partner@sandbox.test');
    await row.getByRole('button', { name: 'Disable' }).click();
    const dialog = pages.admin.getByRole('dialog');
    await dialog.getByText('will be signed out everywhere').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await row.getByText('Active').waitFor();
    await row.getByRole('button', { name: 'Disable' }).click();
    await pages.admin.getByRole('dialog').getByRole('button', { name: 'Disable account' }).click();
    await row.getByText('Disabled').waitFor();
  });

  it('the audit log shows what changed, by name, with expandable rows and forgiving filters', async () => {
    const reviewer = await suite.signIn('reviewer');
    noteSession = await pickCase(reviewer, 'status=In%20Review&limit=1');
    expect(
      (
        await apiAs(reviewer, 'POST', `/api/sessions/${noteSession}/notes`, {
          body: 'Selfie matches the passport',
        })
      ).status,
    ).toBe(201);

    const auditor = await suite.signIn('auditor');
    await auditor.goto('/audit');
    const table = auditor.getByTestId('audit-table');

    // Action prefix: every user.* entry; the disable shows before → after and the admin by name.
    await auditor.getByLabel('Action').fill('user.');
    await auditor.getByRole('button', { name: 'Filter' }).click();
    const disable = table.getByRole('row').filter({ hasText: 'user.disable' });
    await disable.getByText('Ada Admin', { exact: true }).waitFor();
    await disable.getByText('disabled:').waitFor();
    await expect(disable.locator('del').first().textContent()).resolves.toBe('false');
    await expect(disable.locator('ins').first().textContent()).resolves.toBe('true');
    await table.getByRole('row').filter({ hasText: 'user.password_reset' }).waitFor();

    // A short session id (as the table shows it) and part of a name; the note's text is shown.
    await auditor.getByLabel('Action').fill('');
    await auditor.getByLabel('Session id').fill(noteSession.slice(0, 8));
    await auditor.getByLabel('Actor').fill('rui');
    await auditor.getByRole('button', { name: 'Filter' }).click();
    const note = table.getByRole('row').filter({ hasText: 'review.note' });
    await note.getByText('Note: “Selfie matches the passport”').waitFor();
    await note.getByText('Rui Reviewer', { exact: true }).waitFor();

    // Expand the row: everything the entry holds.
    await note.getByText('Show').click();
    await note.locator('.audit-detail').getByText('reviewer@sandbox.test', { exact: false }).waitFor();
  });

  it('the login page says why single sign-on failed', async () => {
    const page = await suite.newPage();
    await page.goto('/login?sso_error=SSO_NO_ROLE');
    await page.getByRole('alert').getByText('Your account has no role in this console').waitFor();
    await page.goto('/login?sso_error=SSO_STATE');
    await page.getByRole('alert').getByText('The sign-in attempt expired').waitFor();
    await page.context().close();
  });
});
