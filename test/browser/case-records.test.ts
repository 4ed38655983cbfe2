import { expect, it } from 'vitest';
import { apiAs, describeInBrowser, openCase, pickCase } from '../support/suite.ts';

/**
 * Issue 16, case records from the case header: the case report downloads as a PDF, an admin sets and releases
 * a legal hold (erasure refused meanwhile), then erases the case. Real Chromium against the real console in
 * sandbox mode.
 */
describeInBrowser('case records in the browser', (suite) => {
  const pages = suite.signedIn({ admin: 'admin', auditor: 'auditor' });

  it('downloads the case report (PDF) from the case header', async () => {
    const sessionId = await pickCase(pages.auditor, 'status=Approved&kind=user&limit=1');
    await openCase(pages.auditor, sessionId);
    const [download] = await Promise.all([
      pages.auditor.waitForEvent('download'),
      pages.auditor.getByRole('link', { name: 'Case report (PDF)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`case_${sessionId}.pdf`);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).subarray(0, 5).toString()).toBe('%PDF-');
    // Auditors read the report; holds and erasure are not theirs.
    await expect(pages.auditor.getByTestId('legal-hold-set').count()).resolves.toBe(0);
    await expect(pages.auditor.getByTestId('erase-open').count()).resolves.toBe(0);
  });

  it('sets a legal hold (erasure refused meanwhile), releases it, then erases the case', async () => {
    const sessionId = await pickCase(pages.admin, 'status=Declined&kind=user&limit=1');
    await openCase(pages.admin, sessionId);

    await pages.admin.getByTestId('legal-hold-set').click();
    let dialog = pages.admin.getByRole('dialog');
    await dialog.getByTestId('records-reason').fill('Litigation 2026-17');
    await dialog.getByTestId('records-submit').click();
    await expect(pages.admin.getByTestId('legal-hold').textContent()).resolves.toMatch(/Legal hold since/);
    await expect(pages.admin.getByTestId('erase-open').isDisabled()).resolves.toBe(true);
    const refused = await apiAs(pages.admin, 'POST', `/api/sessions/${sessionId}/erase`, {
      reason: 'try anyway',
      confirm_session_id: sessionId,
    });
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'LEGAL_HOLD' } } });

    await pages.admin.getByTestId('legal-hold-release').click();
    dialog = pages.admin.getByRole('dialog');
    await dialog.getByTestId('records-reason').fill('Case settled');
    await dialog.getByTestId('records-submit').click();
    await pages.admin.getByTestId('legal-hold-set').waitFor();

    await pages.admin.getByTestId('erase-open').click();
    dialog = pages.admin.getByRole('dialog');
    await dialog.getByTestId('records-reason').fill('Data subject request #41');
    await expect(dialog.getByTestId('records-submit').isDisabled()).resolves.toBe(true);
    await dialog.getByTestId('erase-confirm').fill(sessionId);
    await dialog.getByTestId('records-submit').click();
    await pages.admin.getByTestId('erased').waitFor();
    const view = await apiAs(pages.admin, 'GET', `/api/sessions/${sessionId}`);
    expect(view.body.session).toMatchObject({ decision: null, full_name: null, vendor_data: null });
  });
});
