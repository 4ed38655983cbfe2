import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { apiAs, describeInBrowser, listSessions, openCase, type SessionItem } from '../support/suite.ts';

/**
 * Issue 12's case-page items, each from `/` in a fresh browser profile against the real console in sandbox
 * mode: evidence side by side with synced zoom and pan and disagreeing fields marked, "Approve & next",
 * KYB company documents opened through the console (and audited), and the person's Didit entity status.
 */
type Item = SessionItem;

describeInBrowser('the case page of a reviewer’s day', (suite) => {
  const reviewer = () => suite.signIn('reviewer');
  const inReview = (page: Page, kind: 'user' | 'business'): Promise<Item[]> =>
    listSessions(page, `status=In%20Review&kind=${kind}&limit=100`);

  it('shows portrait, selfie and liveness frame side by side under one zoom and pan, and marks fields that disagree', async () => {
    const page = await reviewer();
    // A KYC case whose database validation did not fully match a field (the sandbox's partial matches).
    let target: string | undefined;
    for (const item of await inReview(page, 'user')) {
      const c = await apiAs(page, 'GET', `/api/sessions/${item.session_id}`);
      const verdicts = c.body.session?.decision?.database_validations?.[0]?.validations?.[0]?.validation;
      if (verdicts && Object.values(verdicts).some((v) => v !== 'full_match')) {
        target = item.session_id;
        break;
      }
    }
    expect(target).toBeDefined();
    await openCase(page, target!);

    const table = page.getByTestId('compare-table');
    await table.waitFor();
    const flagged = table.locator('tr[data-disagree]');
    await expect(flagged.count()).resolves.toBeGreaterThan(0);
    await expect(flagged.locator('td.compare-differs').count()).resolves.toBeGreaterThan(0);
    await expect(table.locator('tr[data-field="nationality"]:not([data-disagree])').count()).resolves.toBe(1);

    const panes = page.getByTestId('compare-pane');
    // The images' list comes from a fresh decision at Didit, after the case itself.
    await panes.nth(2).waitFor();
    await expect(panes.count()).resolves.toBe(3);
    const transforms = () =>
      panes.locator('img').evaluateAll((imgs) => imgs.map((i) => (i as HTMLElement).style.transform));
    await page
      .getByRole('toolbar', { name: 'Zoom all images' })
      .getByRole('button', { name: 'Zoom in' })
      .click();
    await page
      .getByRole('toolbar', { name: 'Zoom all images' })
      .getByRole('button', { name: 'Zoom in' })
      .click();
    const zoomed = await transforms();
    expect(new Set(zoomed).size).toBe(1);
    expect(zoomed[0]).toContain('scale(1.5625)');
    // Dragging one pane moves all three by the same amount.
    await panes.nth(1).scrollIntoViewIfNeeded();
    const box = (await panes.nth(1).boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 40, box.y + box.height / 2 + 30, { steps: 4 });
    await page.mouse.up();
    const panned = await transforms();
    expect(new Set(panned).size).toBe(1);
    expect(panned[0]).not.toBe(zoomed[0]);
    expect(panned[0]).not.toContain('translate(0%, 0%)');
  });

  it('"Approve & next" decides the case and opens the next one, claimed for the reviewer', async () => {
    const page = await reviewer();
    const first = (await inReview(page, 'user'))[0]!.session_id;
    await openCase(page, first);
    await page
      .getByTestId('review-panel')
      .getByRole('button', { name: /^Approve/ })
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/Comment/).fill('Document and selfie match; approved.');
    const overHits = dialog.getByLabel('Approve with unreviewed AML hits');
    if (await overHits.count()) await overHits.check();
    await dialog.getByTestId('decision-submit-next').click();
    await page.waitForURL(
      (url) => /^\/sessions\/[0-9a-f-]{36}$/.test(url.pathname) && !url.pathname.endsWith(first),
    );
    const next = page.url().split('/sessions/')[1]!;
    expect(next).not.toBe(first);
    await page.getByTestId('claim-bar').getByText('You hold this case').waitFor();
    // The first case's decision went out (or was staged for a second reviewer): the console recorded it.
    const review = await apiAs(page, 'GET', `/api/sessions/${first}/review`);
    expect(review.body.decisions.length).toBeGreaterThan(0);
  });

  it('opens a KYB company document through the console, and the opening is audited', async () => {
    const page = await reviewer();
    const kyb = (await listSessions(page, 'kind=business&limit=20'))[0]!.session_id;
    await openCase(page, kyb);
    const link = page.getByTestId('company-documents').getByTestId('company-document-link').first();
    await link.waitFor();
    const href = await link.getAttribute('href');
    expect(href).toMatch(new RegExp(`^/api/sessions/${kyb}/documents/\\d+-\\d+$`));
    expect(await link.getAttribute('target')).toBe('_blank');
    const [opened] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
    await opened.waitForLoadState('load');
    expect(new URL(opened.url()).pathname).toBe(href);
    await opened.close();
    const response = await page.context().request.get(href!);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toMatch(/^(image\/|application\/pdf)/);
    expect(response.headers()['cache-control']).toBe('no-store');
    expect((await response.body()).length).toBeGreaterThan(0);
    // No presigned link reaches the page.
    await expect(page.getByTestId('company-documents').innerHTML()).resolves.not.toMatch(/https?:\/\//);

    const auditor = await suite.signIn('auditor');
    const audit = await apiAs(auditor, 'GET', `/api/audit?action=review.document_view&session_id=${kyb}`);
    expect(audit.status).toBe(200);
    expect(audit.body.items.length).toBeGreaterThan(0);
    expect(JSON.stringify(audit.body.items[0])).not.toMatch(/https?:\/\//);
    // An auditor may not open documents (full personal data is for reviewers and admins).
    const refused = await apiAs(auditor, 'GET', href!);
    expect(refused.status).toBe(403);
  });

  it("shows the person's Didit entity status on the case and links their profile", async () => {
    const page = await reviewer();
    const item = (await inReview(page, 'user')).find((i) => i.vendor_data)!;
    const vendorData = item.vendor_data!;
    const blocked = await apiAs(page, 'POST', `/api/entities/user/${encodeURIComponent(vendorData)}/status`, {
      status: 'BLOCKED',
      reason: 'Document reported stolen',
    });
    expect(blocked.status).toBeLessThan(300);
    await openCase(page, item.session_id);
    const status = page.getByTestId('case-entity-status');
    // Didit's user.status.updated webhook brings BLOCKED; the page shows what the entities table holds.
    await expect
      .poll(
        async () => {
          await page.reload();
          await status.waitFor();
          return status.getAttribute('data-status');
        },
        { timeout: 60_000, interval: 2_000 },
      )
      .toBe('BLOCKED');
    await status.getByRole('link', { name: 'Person profile' }).click();
    await page.waitForURL(/\/entities\//);
    await page.getByTestId('entity-status').getByText('BLOCKED').waitFor();
  });

  it('reads in Kiswahili, and its longest labels fit at 1024 px without clipping', async () => {
    const page = await suite.signIn('reviewer', { language: 'sw', locale: 'sw' });
    await page.setViewportSize({ width: 1024, height: 800 });
    const item = (await inReview(page, 'user'))[1]!;
    await openCase(page, item.session_id);
    await page.getByRole('heading', { level: 1, name: /^Kesi ya KYC/ }).waitFor();
    const panel = page.getByTestId('review-panel');
    await panel.getByRole('button', { name: /^Idhinisha/ }).waitFor();
    await panel.getByRole('button', { name: /^Omba iwasilishwe upya/ }).waitFor();
    await page.getByRole('heading', { name: 'Ushahidi kando kwa kando' }).waitFor();
    await page.getByText('Hali ya mtu', { exact: true }).waitFor();
    // No English left in the case's own chrome.
    const chrome = await page
      .locator('.case-nav, .case-header, [data-testid="review-panel"]')
      .allInnerTexts();
    for (const english of ['Queue', 'Approve', 'Decline', 'Claim', 'Session id', 'Workflow', 'Assignee']) {
      expect(chrome.join(' ')).not.toMatch(new RegExp(`\\b${english}\\b`));
    }
    // Nothing is cut off: the page does not scroll sideways, and no button, label or heading of the case
    // overflows its own box.
    const clipped = await page.evaluate(() => {
      const out: string[] = [];
      if (document.documentElement.scrollWidth > window.innerWidth) out.push('page');
      for (const el of Array.from(
        document.querySelectorAll<HTMLElement>(
          '.case button, .case dt, .case h1, .case h2, .case th, .case legend, .case label',
        ),
      )) {
        // Tables scroll inside their frame; screen-reader-only text is 1 px on purpose.
        if (el.closest('.table-wrap, .visually-hidden')) continue;
        if (el.scrollWidth > el.clientWidth + 1) out.push(el.textContent ?? '');
      }
      return out;
    });
    expect(clipped).toEqual([]);
    await page
      .getByTestId('review-panel')
      .getByRole('button', { name: /^Idhinisha/ })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Idhinisha kesi' });
    await dialog.getByRole('button', { name: 'Idhinisha na uendelee' }).waitFor();
    const dialogClipped = await dialog.evaluate((d) =>
      Array.from(d.querySelectorAll<HTMLElement>('button, label, legend'))
        .filter((el) => el.scrollWidth > el.clientWidth + 1)
        .map((el) => el.textContent),
    );
    expect(dialogClipped).toEqual([]);
    await dialog.getByRole('button', { name: 'Ghairi' }).click();
  });
});
