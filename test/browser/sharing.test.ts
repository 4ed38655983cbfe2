import fs from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { type PartnerSide, partnerSide, partnerToken } from '../support/partner-import.ts';
import { apiAs, describeInBrowser, screenshot } from '../support/suite.ts';

/**
 * A partner manager in a real browser against the real console in sandbox mode: register a partner, import
 * a token that partner minted, share a case (the token shown once), share a batch and download its tokens
 * once; then an auditor answers "whose verification did we rely on for this customer" from one page.
 *
 * The partner's side talks to the console's own sandbox over HTTP, with the partner application's key: the
 * sandbox's applications are deterministic for its default seed, and the console logs the sandbox's URL.
 */
describeInBrowser('reusable KYC in the browser', (suite) => {
  let page: Page;
  let side: PartnerSide;
  const importedVendor = `imported-${Date.now().toString(36)}`;

  beforeAll(async () => {
    side = await partnerSide(suite.console);
    page = await suite.signIn('partner', { from: '/login' });
  });

  it('registers a partner from the Partners page', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Partners' }).click();
    await page.getByRole('heading', { name: 'Partners' }).waitFor();
    await page.getByRole('button', { name: 'Add partner' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Partner Bank');
    await dialog.getByLabel('Didit application id').fill(side.partnerApplicationId);
    await dialog.getByLabel('Contact').fill('kyc-ops@partner.example');
    // A new partner is not trusted by default.
    await expect(dialog.getByRole('checkbox').isChecked()).resolves.toBe(false);
    await dialog.getByRole('button', { name: 'Add partner' }).click();
    const row = page.getByTestId('partners-table').locator('tbody tr', { hasText: 'Partner Bank' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain(side.partnerApplicationId);
    await expect(row.textContent()).resolves.toContain('Review ourselves');
    await screenshot(page, 'sharing-partners');
  });

  it('refuses a pasted fragment with a message that says what to do', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import' }).click();
    await page.getByTestId('import-token').fill('eyJhbGciOiJIUzI1NiJ9.half-a-token');
    await page.getByRole('button', { name: 'Read token' }).click();
    await page.getByText('That is not a complete share token').waitFor();
    await page.getByText(/Ask the partner to send the whole token again/).waitFor();
  });

  it("imports a partner's token: preview with the partner's name and a countdown, then the new case", async () => {
    const token = await partnerToken(side);
    await page.goto('/sharing/import');
    await page.getByTestId('import-token').fill(token);
    await page.getByRole('button', { name: 'Read token' }).click();
    const preview = page.getByTestId('import-preview');
    await preview.waitFor();
    await expect(preview.textContent()).resolves.toContain('Partner Bank');
    await expect(preview.getByTestId('countdown').textContent()).resolves.toMatch(
      /Import within (59|60) min/,
    );
    // The partner's default (review ourselves) is preselected.
    await expect(page.getByRole('radio', { name: /Review it ourselves/ }).isChecked()).resolves.toBe(true);
    await page.getByTestId('import-workflow').selectOption({ label: 'Sandbox KYC (person)' });
    await page.getByTestId('import-vendor-data').fill(importedVendor);
    await screenshot(page, 'sharing-import-preview');
    await page.getByTestId('import-submit').click();
    const result = page.getByTestId('import-result');
    await result.waitFor();
    await expect(result.textContent()).resolves.toContain('In Review');
    await result.getByRole('link', { name: 'Open the new case' }).click();
    await page.waitForURL(/\/sessions\//);
    const provenance = page.locator('section.provenance');
    await provenance.waitFor();
    await expect(provenance.textContent()).resolves.toContain('Partner Bank');

    // The same token again: refused, pointing at our earlier import.
    await page.goto('/sharing/import');
    await page.getByTestId('import-token').fill(token);
    await page.getByRole('button', { name: 'Read token' }).click();
    await page.getByText('Already imported').waitFor();
    await page.getByRole('link', { name: 'Open that case' }).waitFor();
  });

  it('shares a case: the token is shown once with a countdown, and it works at the partner', async () => {
    const approved = await apiAs(
      page,
      'GET',
      '/api/sessions?status=Approved&kind=user&imported=false&limit=5',
    );
    const sessionId = approved.body.items[0].session_id as string;
    await page.goto(`/sessions/${sessionId}`);
    await page.getByTestId('share-open').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Partner').selectOption({ label: 'Partner Bank' });
    await dialog.getByRole('button', { name: '6 hours' }).click();
    await dialog.getByRole('button', { name: /Mint token for Partner Bank/ }).click();
    const token = await dialog.getByTestId('share-token').inputValue();
    expect(token).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    await dialog.getByText('it will not be shown again').waitFor();
    await expect(dialog.getByTestId('countdown').textContent()).resolves.toMatch(
      /Expires in 5 h 59 min|Expires in 6 h 00 min/,
    );
    await screenshot(page, 'sharing-token-once');
    await dialog.getByRole('button', { name: 'Done' }).click();

    // Minted for the partner: the partner application can import it.
    const imported = await side.partner.importShared({
      share_token: token,
      workflow_id: side.partnerKycWorkflow,
      trust_review: false,
    });
    expect(imported.shared_from_session).toBe(sessionId);

    // Reopening the dialog shows no token: it was shown once.
    await page.getByTestId('share-open').click();
    await expect(page.getByRole('dialog').getByTestId('share-token').count()).resolves.toBe(0);
    await page.keyboard.press('Escape');

    await page.goto(`/sharing/shares?session_id=${sessionId}`);
    const row = page.getByTestId('shares-table').locator('tbody tr').first();
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('Partner Bank');
    await expect(row.textContent()).resolves.toContain('Active');
    await expect(page.content()).resolves.not.toContain(token);
  });

  it('shares a batch from a pasted vendor_data list, with progress, and hands out the tokens once', async () => {
    const approved = await apiAs(
      page,
      'GET',
      '/api/sessions?status=Approved&kind=user&imported=false&limit=20',
    );
    const vendors = (approved.body.items as { vendor_data: string | null }[])
      .map((i) => i.vendor_data)
      .filter((v): v is string => Boolean(v))
      .slice(0, 3);
    expect(vendors.length).toBe(3);
    await page.goto('/sharing/batch');
    await page.getByTestId('partner-picker').selectOption({ label: 'Partner Bank' });
    await page.getByRole('button', { name: /Paste or upload vendor ids/ }).click();
    await page.getByTestId('batch-csv').fill(['vendor_data', ...vendors, 'nobody-has-this-id'].join('\n'));
    await page.getByTestId('batch-start').click();
    const progress = page.getByTestId('batch-progress');
    await progress.waitFor();
    await page.getByTestId('batch-download').waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('batch-counts').textContent()).resolves.toContain(
      '4 of 4 processed · 3 shared · 1 failed',
    );
    await expect(page.getByRole('progressbar').getAttribute('aria-valuenow')).resolves.toBe('4');
    await screenshot(page, 'sharing-batch');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('batch-download').click(),
    ]);
    const csv = await fs.readFile((await download.path())!, 'utf8');
    const tokens = csv.match(/eyJ[\w-]+\.[\w-]+\.[\w-]+/g) ?? [];
    expect(tokens).toHaveLength(3);
    await page.getByTestId('batch-downloaded').waitFor();
    await expect(page.getByTestId('batch-download').count()).resolves.toBe(0);
    const batchId = new URL(page.url()).searchParams.get('batch');
    const second = await apiAs(page, 'GET', `/api/shares/batch/${batchId}/tokens.csv`);
    expect(second.status).toBe(410);
  });

  it('gathers a batch by selecting finished sessions in the queue (x or the checkbox)', async () => {
    await page.goto('/queue?tab=review');
    const table = page.getByTestId('queue-table');
    await table.locator('tbody tr').first().waitFor();
    await page
      .getByRole('checkbox', { name: /^Select session/ })
      .first()
      .check();
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    const share = page.getByTestId('queue-share-selected');
    await expect(share.textContent()).resolves.toContain('Share 2 selected');
    await share.click();
    await page.waitForURL(/\/sharing\/batch\?sessions=/);
    await page.getByTestId('partner-picker').selectOption({ label: 'Partner Bank' });
    await expect(page.getByTestId('batch-start').textContent()).resolves.toContain('Share 2 sessions');
    await screenshot(page, 'sharing-batch-from-queue');
  });

  it('lets an auditor find whose verification we relied on for a customer, on one page', async () => {
    const p = await suite.signIn('auditor', { from: '/login' });
    await p.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reliance' }).click();
    await p.getByTestId('reliance-q').fill(importedVendor);
    await p.getByRole('button', { name: 'Filter' }).click();
    await p.waitForURL(new RegExp(`q=${importedVendor}`));
    const row = p.getByTestId('reliance-table').locator('tbody tr', { hasText: importedVendor });
    await row.first().waitFor();
    await expect(p.getByTestId('reliance-table').locator('tbody tr').count()).resolves.toBe(1);
    const text = await row.first().textContent();
    expect(text).toContain('Partner Bank');
    expect(text).toContain('Our review');
    expect(text).toContain('In Review');
    expect(text).toContain('Pat Partner-Manager');
    await p.getByTestId('reliance-export').waitFor();
    await screenshot(p, 'sharing-reliance');
    await p.context().close();
  });
});
