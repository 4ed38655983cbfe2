import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { apiAs, describeInBrowser, screenshot, waitForQueueRows } from '../support/suite.ts';

/** The queue's search and empty states as a reviewer meets them. */
describeInBrowser('queue search and empty states', (suite) => {
  let page: Page;

  const rowIds = (p: Page) =>
    p
      .getByTestId('queue-table')
      .locator('tbody tr[data-row-id]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-row-id')));

  beforeAll(async () => {
    page = await suite.signIn('reviewer');
  });

  it('finds an accented name typed without its accents', async () => {
    const all = await apiAs(page, 'GET', '/api/sessions?limit=100&order=newest');
    const accented = (all.body.items as { session_id: string; full_name: string | null }[]).find(
      (i) => i.full_name && i.full_name.normalize('NFD') !== i.full_name,
    );
    expect(accented, 'a seeded session with an accented name').toBeDefined();
    const plain = accented!.full_name!.normalize('NFD').replace(/\p{M}/gu, '');
    expect(plain).not.toBe(accented!.full_name);
    await page.goto('/queue?tab=all');
    await page.getByLabel('Search sessions').fill(plain);
    await page.getByLabel('Search sessions').press('Enter');
    await expect.poll(() => rowIds(page), { timeout: 15_000 }).toContain(accented!.session_id);
    await screenshot(page, 'queue-search-unaccented');
  });

  it('shows the total of the list, the same as the server counts', async () => {
    await page.goto('/queue');
    await waitForQueueRows(page);
    const res = await apiAs(page, 'GET', '/api/sessions?status=In%20Review&order=oldest&limit=50');
    expect(res.body.total).toMatchObject({ exact: true });
    await expect
      .poll(() => page.getByTestId('queue-total').textContent(), { timeout: 10_000 })
      .toBe(`${res.body.total.count} sessions`);
  });

  it('says nothing is assigned to me when I hold no case', async () => {
    await page.goto('/queue');
    await waitForQueueRows(page);
    await page.getByLabel('Assigned').selectOption('me');
    await page.waitForURL(/assigned=me/);
    await page.getByText('Nothing is assigned to you.').waitFor();
    await expect(page.getByText('No case is waiting for review.').count()).resolves.toBe(0);
  });

  it('refuses From after To in the form and at the server', async () => {
    await page.goto('/queue?tab=all');
    await waitForQueueRows(page);
    await page.getByLabel('To', { exact: true }).fill('2026-11-01');
    await page.waitForURL(/to=2026-11-01/);
    await page.getByLabel('From', { exact: true }).fill('2026-12-01');
    await page.getByTestId('date-range-error').waitFor();
    await expect(page.getByTestId('date-range-error').textContent()).resolves.toContain(
      'From must be on or before To.',
    );
    expect(new URL(page.url()).searchParams.get('from')).toBeNull();
    const res = await apiAs(page, 'GET', '/api/sessions?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION');
  });
});
