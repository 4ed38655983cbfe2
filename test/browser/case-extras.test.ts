import pg from 'pg';
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { apiAs, describeInBrowser, openCase, pickCase, sandboxApplications } from '../support/suite.ts';

/**
 * Issue 12, items 9 and 10 (the rest): the share-token dialog asks before losing an uncopied token, the
 * batch page lists what the queue picked, the KYB key people and documents, and the Sync page's drifts in
 * words with their fix. Real Chromium against the real console in sandbox mode, signed in from `/`.
 */
describeInBrowser('case extras in the browser', (suite) => {
  let partner: Page;
  let partnerAppId: string;

  beforeAll(async () => {
    partnerAppId = (await sandboxApplications()).partner.application_id;
    partner = await suite.signIn('partner');
    await partner.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.url });
  });

  it('asks inside the share dialog before Escape drops a token that was not copied', async () => {
    const sessionId = await pickCase(partner, 'status=Approved&kind=user&limit=1');
    await openCase(partner, sessionId);
    await partner.getByTestId('share-open').click();
    const dialog = partner.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Another application id' }).click();
    await dialog.getByLabel('Partner’s Didit application id').fill(partnerAppId);
    await dialog.getByRole('button', { name: /^Mint token/ }).click();
    await dialog.getByTestId('share-token').waitFor();

    // Escape before copying: the dialog stays, with a question instead of the token.
    await partner.keyboard.press('Escape');
    await dialog.getByTestId('share-close-confirm').waitFor();
    await expect(dialog.isVisible()).resolves.toBe(true);
    // An outside click asks too (the overlay covers the page).
    await dialog.getByRole('button', { name: 'Back to the token' }).click();
    await dialog.getByTestId('share-token').waitFor();
    await partner.mouse.click(5, 5);
    await dialog.getByTestId('share-close-confirm').waitFor();
    await dialog.getByRole('button', { name: 'Back to the token' }).click();

    // Copied: Escape closes at once.
    await dialog.getByRole('button', { name: 'Copy' }).click();
    await dialog.getByRole('button', { name: 'Copied' }).waitFor();
    await partner.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('lists the sessions picked in the queue on the batch share page', async () => {
    await partner.goto('/queue');
    const boxes = partner.getByRole('checkbox', { name: /^Select session / });
    await boxes.first().waitFor();
    const picked: string[] = [];
    for (let i = 0; picked.length < 2; i++) {
      const box = boxes.nth(i);
      if (await box.isDisabled()) continue;
      await box.check();
      picked.push(String(await box.getAttribute('aria-label')));
    }
    await partner.getByTestId('queue-share-selected').click();
    await partner.waitForURL(/\/sharing\/batch\?sessions=/);
    const ids = new URL(partner.url()).searchParams.get('sessions')!.split(',');
    expect(ids).toHaveLength(2);
    const list = partner.getByTestId('batch-selected');
    await list.waitFor();
    await expect(list.locator('summary').textContent()).resolves.toBe('2 sessions selected');
    for (const id of ids) await list.getByText(id.slice(0, 8), { exact: true }).waitFor();
    await expect(partner.getByTestId('batch-start').textContent()).resolves.toBe('Share 2 sessions');
    // Removing one from the list takes it out of the batch.
    await list.getByRole('button', { name: `Remove session ${ids[0]} from the batch` }).click();
    await expect(partner.getByTestId('batch-start').textContent()).resolves.toBe('Share 1 session');
  });
  it('a KYB case shows every key-people column, links their KYC sessions and lists the company documents', async () => {
    await partner.setViewportSize({ width: 1024, height: 800 });
    const sessionId = await pickCase(partner, 'kind=business&status=Approved&limit=1');
    await openCase(partner, sessionId);
    const people = partner.getByTestId('key-people');
    await people.waitFor();
    // Not clipped: the frame either fits its table or scrolls it, stays inside its card, and takes focus.
    const frame = await people.evaluate((el) => {
      const card = el.closest('.node-card')!.getBoundingClientRect();
      const box = el.getBoundingClientRect();
      return {
        fits: el.scrollWidth <= el.clientWidth,
        scrolls: getComputedStyle(el).overflowX === 'auto',
        insideCard: box.right <= card.right + 1,
        focusable: (el as HTMLElement).tabIndex === 0,
      };
    });
    expect(frame.fits || frame.scrolls).toBe(true);
    expect(frame.insideCard).toBe(true);
    expect(frame.focusable).toBe(true);
    await people.getByRole('columnheader', { name: 'AML' }).waitFor();
    // Each person's KYC session, when Didit names one, is a link to it; roles are words.
    const links = people.getByRole('link', { name: /^KYC session / });
    await expect(links.count()).resolves.toBeGreaterThan(0);
    expect(await links.first().getAttribute('href')).toMatch(/^\/sessions\/[0-9a-f-]{36}$/);
    await expect(people.textContent()).resolves.toContain('Director');
    await expect(people.locator('tbody td[dir="auto"]').count()).resolves.toBeGreaterThan(0);

    const docs = partner.getByTestId('company-documents');
    await docs.waitFor();
    await expect(docs.textContent()).resolves.toContain('Certificate of incorporation');
    await expect(docs.textContent()).resolves.not.toMatch(/https?:\/\//);
  });

  it('shows the workflow by its name, not its bare id', async () => {
    const meta = await apiAs(partner, 'GET', '/api/meta');
    const named = new Map<string, string>(
      (meta.body.import_workflows as { workflow_id: string; label: string }[]).map((w) => [
        w.workflow_id,
        w.label,
      ]),
    );
    const list = await apiAs(partner, 'GET', '/api/sessions?limit=100');
    const item = (list.body.items as { session_id: string; workflow_id: string | null }[]).find(
      (i) => i.workflow_id && named.has(i.workflow_id),
    )!;
    expect(item).toBeDefined();
    await openCase(partner, item.session_id);
    // The names come with /api/meta, which the shell asks for once the user is known; the case can render
    // first (the bare id, then the name), so wait for the name rather than read the first paint.
    await partner
      .getByTestId('case-workflow')
      .filter({ hasText: named.get(item.workflow_id!)! })
      .waitFor({ timeout: 10_000 });
    await expect(partner.getByTestId('case-workflow').textContent()).resolves.toBe(
      named.get(item.workflow_id!),
    );
  });
  it.skipIf(!process.env.DATABASE_URL)(
    'the Sync page says each drift in words and fetches the session again',
    async () => {
      const admin = await suite.signIn('admin');
      const list = await apiAs(admin, 'GET', '/api/sessions?status=In%20Review&kind=user&limit=2');
      const [a, b] = list.body.items as { session_id: string }[];
      // The console's own database (CI's Postgres server), to plant a drift reconciliation would record.
      const db = new pg.Client({ connectionString: suite.console.databaseUrl });
      await db.connect();
      try {
        // What reconciliation records (reconcile.service.ts): the console's value and Didit's, per field.
        await db.query(
          `insert into sync_drifts (session_id, field, local_value, didit_value, detected_at)
         values ($1, 'status', 'Approved', 'In Review', now()), ($2, 'exists', 'true', 'false', now())`,
          [a!.session_id, b!.session_id],
        );
      } finally {
        await db.end();
      }
      await admin.goto('/admin/sync');
      const drifts = admin.getByTestId('drifts-list');
      await drifts.waitFor();
      const statusDrift = drifts.locator('li', { hasText: a!.session_id.slice(0, 8) });
      await statusDrift.getByText('The status here was “Approved”; Didit has “In Review”.').waitFor();
      const gone = drifts.locator('li', { hasText: b!.session_id.slice(0, 8) });
      await gone.getByText(/^Didit no longer has this session/).waitFor();
      // A session Didit no longer has has nothing to fetch; the status drift has its fix.
      await expect(gone.getByRole('button').count()).resolves.toBe(0);
      const refreshed = admin.waitForResponse(
        (r) => r.url().endsWith(`/api/sessions/${a!.session_id}/refresh`) && r.request().method() === 'POST',
      );
      await statusDrift.getByRole('button', { name: 'Fetch again from Didit' }).click();
      expect((await refreshed).status()).toBeLessThan(300);
      await statusDrift.getByText('Fetched again from Didit').waitFor();
    },
  );
});
