import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { type Account, apiAs, describeInBrowser, listSessions, screenshot } from '../support/suite.ts';

/**
 * Who may do what, seen from the browser and checked on the server: a second reviewer facing a claimed
 * case, an auditor who reads everything and decides nothing, and the admin's pages.
 */
describeInBrowser('roles in the browser', (suite) => {
  const pages: Record<string, Page> = {};

  async function as(who: Account): Promise<Page> {
    pages[who] ??= await suite.signIn(who, { from: '/login' });
    return pages[who];
  }

  async function inReviewIds(page: Page): Promise<string[]> {
    return (await listSessions(page, 'status=In%20Review&has_aml_hits=false&limit=100')).map(
      (i) => i.session_id,
    );
  }

  it('a second reviewer sees who holds a claimed case and cannot decide it', async () => {
    const first = await as('reviewer');
    const second = await as('reviewer2');
    const [id] = await inReviewIds(first);
    const claim = await apiAs(first, 'POST', `/api/sessions/${id}/claim`);
    expect(claim.status).toBe(200);

    await second.goto(`/sessions/${id}`);
    await second.getByTestId('claim-bar').getByText('Rui Reviewer', { exact: false }).first().waitFor();
    await expect(second.getByTestId('claim-bar').textContent()).resolves.toContain('holds this case');
    await expect(second.getByRole('button', { name: /^Approve/ }).isDisabled()).resolves.toBe(true);
    await expect(second.getByRole('button', { name: /^Decline/ }).isDisabled()).resolves.toBe(true);
    // The keyboard path is refused too: no dialog opens.
    await second.keyboard.press('a');
    await expect(second.getByRole('dialog').count()).resolves.toBe(0);
    await screenshot(second, 'case-claimed-by-other');

    // And the server refuses it whatever the UI shows.
    const decide = await apiAs(second, 'POST', `/api/sessions/${id}/status`, {
      new_status: 'Approved',
      comment: 'trying to decide a case someone else holds',
      reason_codes: [],
    });
    expect(decide.status).toBe(409);
    expect(decide.body.error.code).toBe('CLAIMED_BY_OTHER');
    const steal = await apiAs(second, 'POST', `/api/sessions/${id}/claim`);
    expect(steal.status).toBe(409);
    expect(steal.body.error.code).toBe('CLAIMED_BY_OTHER');
    const after = await apiAs(second, 'GET', `/api/sessions/${id}`);
    expect(after.body.session.status).toBe('In Review');
  });

  it('an auditor reads a case but sees no decision controls, and the server refuses them with 403', async () => {
    const auditor = await as('auditor');
    const [id] = await inReviewIds(auditor);
    await auditor.goto(`/sessions/${id}`);
    await auditor.locator('.case-header').waitFor();
    await auditor.locator('[data-section]').first().waitFor();
    for (const name of [/^Approve/, /^Decline/, /^Request resubmission/, /^Claim/]) {
      await expect(auditor.getByRole('button', { name }).count()).resolves.toBe(0);
    }
    await expect(auditor.getByRole('combobox', { name: /Disposition/ }).count()).resolves.toBe(0);
    await auditor.keyboard.press('a');
    await expect(auditor.getByRole('dialog').count()).resolves.toBe(0);
    await screenshot(auditor, 'case-auditor');

    for (const [method, path, body] of [
      [
        'POST',
        `/api/sessions/${id}/status`,
        { new_status: 'Approved', comment: 'auditor tries', reason_codes: [] },
      ],
      ['POST', `/api/sessions/${id}/claim`, undefined],
      ['POST', `/api/sessions/${id}/notes`, { body: 'auditor note' }],
    ] as const) {
      const res = await apiAs(auditor, method, path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
    const after = await apiAs(auditor, 'GET', `/api/sessions/${id}`);
    expect(after.body.session.status).toBe('In Review');
  });

  it('the auditor has the audit log with the chain status and export buttons', async () => {
    const auditor = await as('auditor');
    await auditor.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await auditor.waitForURL(/\/audit/);
    await auditor.getByText('Chain intact').waitFor();
    await auditor.getByTestId('audit-table').locator('tbody tr').first().waitFor();
    await expect(auditor.getByRole('link', { name: 'Export CSV' }).getAttribute('href')).resolves.toContain(
      'format=csv',
    );
    await expect(auditor.getByRole('link', { name: 'Export JSONL' }).getAttribute('href')).resolves.toContain(
      'format=jsonl',
    );
    // The Action column of the rows on screen, once the table is not loading.
    const actions = async () => {
      await auditor.locator('[data-testid="audit-table"]:not([aria-busy])').waitFor();
      return auditor.getByTestId('audit-table').locator('tbody tr td:nth-child(3)').allTextContents();
    };
    const unfiltered = await actions();
    expect(
      unfiltered.filter((a) => a !== 'auth.login'),
      'the unfiltered log shows more than logins',
    ).not.toEqual([]);
    await auditor.getByLabel('Action').fill('auth.login');
    await auditor.getByRole('button', { name: 'Filter' }).click();
    await auditor.waitForURL(/action=auth\.login/);
    // The rows the server sent back for the filter replace the unfiltered ones.
    await auditor
      .waitForFunction(
        () => {
          const table = document.querySelector('[data-testid="audit-table"]');
          const cells = Array.from(table?.querySelectorAll('tbody tr td:nth-child(3)') ?? []);
          return (
            table &&
            !table.hasAttribute('aria-busy') &&
            cells.length > 0 &&
            cells.every((c) => c.textContent === 'auth.login')
          );
        },
        undefined,
        { timeout: 15_000 },
      )
      .catch(() => undefined);
    const filtered = await actions();
    expect(filtered.length, 'the filter finds the logins').toBeGreaterThan(0);
    expect(
      filtered.filter((a) => a !== 'auth.login'),
      'rows the filter should have removed',
    ).toEqual([]);
    await screenshot(auditor, 'audit');
  });

  it('the admin manages users and sees the sync page; dark theme toggles', async () => {
    const admin = await as('admin');
    await admin.goto('/admin/users');
    const table = admin.getByTestId('users-table');
    await table.getByText('reviewer2@sandbox.test').waitFor();
    await admin.getByRole('button', { name: 'New user' }).click();
    const dialog = admin.getByRole('dialog', { name: 'New user' });
    await dialog.getByLabel('Email').fill('new.reviewer@example.test');
    await dialog.getByLabel('Name').fill('Nia New');
    await dialog.getByLabel('Initial password').fill('a-long-initial-password-1');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await table.getByText('new.reviewer@example.test').waitFor();
    const row = table.locator('tr', { hasText: 'new.reviewer@example.test' });
    await row.getByRole('button', { name: 'Disable' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Disable account' }).click();
    await row.getByText('Disabled').waitFor();
    const users = await apiAs(admin, 'GET', '/api/users');
    const created = (users.body.items as { email: string; disabled: boolean; roles: string[] }[]).find(
      (u) => u.email === 'new.reviewer@example.test',
    );
    expect(created).toMatchObject({ disabled: true, roles: ['reviewer'] });
    await screenshot(admin, 'users');

    await admin.goto('/admin/sync');
    await admin.getByTestId('backfill-state').waitFor();
    await screenshot(admin, 'sync');

    await admin.goto('/queue');
    await admin.getByTestId('theme-toggle').click(); // system → light
    await admin.getByTestId('theme-toggle').click(); // light → dark
    await expect(admin.evaluate(() => document.documentElement.dataset.theme)).resolves.toBe('dark');
    await admin.getByTestId('queue-table').locator('tbody tr').first().waitFor();
    await screenshot(admin, 'queue-dark');
  });
});
