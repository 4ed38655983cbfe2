import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import {
  apiAs,
  describeInBrowser,
  listSessions,
  openCase,
  queueRows,
  type SessionItem,
  screenshot,
  signInAt,
  waitForQueueRows,
} from '../support/suite.ts';

/**
 * A reviewer's day in a real browser against the real console in sandbox mode (demo data seeded through
 * the real webhook intake): sign in, triage the queue, read a case, claim it and decide it, and see
 * Didit's webhook bring the decision back.
 */
type Item = SessionItem;

describeInBrowser('reviewer in the browser', (suite) => {
  let reviewer: BrowserContext;
  let page: Page;

  async function inReview(page: Page, extra = ''): Promise<Item[]> {
    return listSessions(page, `status=In%20Review&order=oldest&limit=100${extra}`);
  }

  async function decisionOf(page: Page, id: string): Promise<Record<string, unknown>> {
    const res = await apiAs(page, 'GET', `/api/sessions/${id}`);
    expect(res.status).toBe(200);
    return (res.body.session.decision ?? {}) as Record<string, unknown>;
  }

  /** Every non-empty array of objects in the decision: what the case view must show a section for. */
  function pluralArrays(decision: Record<string, unknown>): string[] {
    return Object.entries(decision)
      .filter(([, v]) => Array.isArray(v) && v.length > 0 && v.every((x) => x && typeof x === 'object'))
      .map(([k]) => k);
  }

  beforeAll(async () => {
    page = await suite.newPage();
    reviewer = page.context();
  });

  it('signs in from the login page, with the sandbox badge and demo accounts listed', async () => {
    await page.goto('/login');
    await page.getByTestId('sandbox-badge').waitFor();
    await page.getByRole('heading', { name: 'Demo accounts' }).waitFor();
    await screenshot(page, 'login');

    // A wrong password is refused with a message, not a crash.
    await page.getByLabel('Email').fill('reviewer@sandbox.test');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText('Email or password is wrong.').waitFor();

    await signInAt(page, 'reviewer@sandbox.test', { from: '/login' });
    await page.getByRole('heading', { name: 'Review queue' }).waitFor();
    await page.getByTestId('sandbox-badge').waitFor();
    // Navigation by role: a reviewer has no audit log or user administration.
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link', { name: 'Audit log' }).count()).resolves.toBe(0);
    await expect(nav.getByRole('link', { name: 'Users' }).count()).resolves.toBe(0);
  });

  it('on a first load asks for the user, the page chunk and the page data at once, and each only once', async () => {
    // A new tab, so the load starts from index.html as a bookmark or a link from a ticket would.
    const tab = await reviewer.newPage();
    try {
      const sent: { url: string; at: number }[] = [];
      const answered = new Map<string, number>();
      const t0 = Date.now();
      tab.on('request', (r) =>
        sent.push({ url: new URL(r.url()).pathname + new URL(r.url()).search, at: Date.now() - t0 }),
      );
      tab.on('requestfinished', (r) => answered.set(new URL(r.url()).pathname, Date.now() - t0));
      await tab.goto('/queue?kind=business');
      await waitForQueueRows(tab);
      const queueGets = sent.filter((r) => r.url.startsWith('/api/sessions?'));
      // Exactly the request the page makes for its URL state, sent once: the page took the prefetched answer.
      expect(queueGets.map((r) => r.url)).toEqual([
        '/api/sessions?status=In+Review&kind=business&order=oldest&limit=50',
      ]);
      expect(sent.filter((r) => r.url === '/api/auth/me')).toHaveLength(1);
      // In parallel with the sign-in check, not after it: sent before /api/auth/me was answered, and the
      // queue's chunk too.
      expect(queueGets[0]!.at).toBeLessThanOrEqual(answered.get('/api/auth/me')!);
      const chunk = sent.find((r) => /\/assets\/QueuePage-[\w-]+\.js$/.test(r.url));
      expect(chunk?.at).toBeLessThanOrEqual(answered.get('/api/auth/me')!);

      // The case view likewise: its GET goes out with the sign-in check, once.
      const id = await queueRows(tab).first().getAttribute('data-row-id');
      sent.length = 0;
      answered.clear();
      await tab.goto(`/sessions/${id}`);
      await tab.getByRole('heading', { level: 1 }).waitFor();
      const caseGets = sent.filter((r) => r.url === `/api/sessions/${id}`);
      expect(caseGets).toHaveLength(1);
      expect(caseGets[0]!.at).toBeLessThanOrEqual(answered.get('/api/auth/me')!);
    } finally {
      await tab.close();
    }
  });

  it('shows In Review oldest first, filters by kind and finds a case by search; the URL holds the state', async () => {
    await page.goto('/queue');
    const table = page.getByTestId('queue-table');
    await table.locator('tbody tr').first().waitFor();
    const expected = await inReview(page);
    const firstNumber = await table.locator('tbody tr').first().getAttribute('data-row-id');
    expect(firstNumber).toBe(expected[0]!.session_id);
    await screenshot(page, 'queue');

    // KYB only.
    await page.getByLabel('Kind').selectOption('business');
    await page.waitForURL(/kind=business/);
    const kyb = expected.filter((i) => i.session_kind === 'business');
    await expect
      .poll(async () => table.locator('tbody tr').count(), { timeout: 10_000 })
      .toBe(Math.min(kyb.length, 50));
    // The Kind column found by its header: a reviewer's queue leads with a selection column for bulk actions.
    const headers = await table.locator('thead th').allTextContents();
    const kindColumn = headers.findIndex((h) => /^kind/i.test(h.trim())) + 1;
    expect(kindColumn).toBeGreaterThan(0);
    for (const cell of await table.locator(`tbody tr td:nth-child(${kindColumn})`).allInnerTexts())
      expect(cell).toBe('KYB');

    // The filter survives a reload: the URL is the state.
    await page.reload();
    await expect(page.getByLabel('Kind').inputValue()).resolves.toBe('business');
    await page.getByLabel('Kind').selectOption('');

    // Search by vendor_data on the All tab.
    await page.getByRole('tab', { name: 'All' }).click();
    const target = expected.find((i) => i.vendor_data)!;
    await page.getByLabel('Search sessions').fill(target.vendor_data!);
    await page.getByLabel('Search sessions').press('Enter');
    await page.waitForURL(/q=/);
    // The previous page stays on screen until the search answers, and it may already hold the target:
    // wait until every row shown carries the searched vendor id and the target is among them.
    await expect
      .poll(
        async () => {
          const rows = table.locator('tbody tr');
          const ids = await rows.evaluateAll((all) => all.map((r) => r.getAttribute('data-row-id')));
          const texts = await rows.allInnerTexts();
          return ids.includes(target.session_id) && texts.every((text) => text.includes(target.vendor_data!));
        },
        { timeout: 10_000 },
      )
      .toBe(true);
    await screenshot(page, 'queue-search');
  });

  it('opens a KYC and a KYB case and shows a section for every array Didit sent', async () => {
    for (const kind of ['user', 'business'] as const) {
      const all = await apiAs(page, 'GET', `/api/sessions?limit=100&order=newest&kind=${kind}`);
      const items = all.body.items as Item[];
      // The richest case of this kind: the one with the most plural arrays.
      let best: { id: string; arrays: string[] } | null = null;
      const finished = items.filter(
        (i) => i.session_kind === kind && /^(approved|declined|in[ _]review)$/i.test(i.status ?? ''),
      );
      for (const it of finished.slice(0, 15)) {
        const arrays = pluralArrays(await decisionOf(page, it.session_id));
        if (!best || arrays.length > best.arrays.length) best = { id: it.session_id, arrays };
      }
      expect(best, `a ${kind} session exists`).not.toBeNull();
      expect(best!.arrays.length).toBeGreaterThan(kind === 'user' ? 6 : 2);
      await openCase(page, best!.id);
      await page.locator('.case-header').waitFor();
      for (const key of best!.arrays) {
        const alias = key === 'proof_of_address' ? 'proof_of_address' : key;
        await expect(page.locator(`[data-section="${alias}"]`).count(), `section ${key}`).resolves.toBe(1);
      }
      await page.getByText('Raw decision JSON').click();
      await screenshot(page, kind === 'user' ? 'case-kyc' : 'case-kyb');
    }
  });

  it('claims a case, approves it with a comment, and the webhook brings it to Approved', async () => {
    const candidates = await inReview(page, '&has_aml_hits=false');
    const target = candidates[candidates.length - 1]!;
    await openCase(page, target.session_id);
    await page.getByTestId('claim-button').click();
    await page.getByText('You hold this case').waitFor();

    await page.getByRole('button', { name: /^Approve/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Approve case' });
    // The comment is required: the confirm button stays disabled without one.
    await expect(dialog.getByTestId('decision-submit').isDisabled()).resolves.toBe(true);
    await dialog.getByLabel(/Comment/).fill('Evidence reviewed; document and liveness consistent.');
    await dialog.getByLabel('Evidence reviewed and consistent').check();
    await screenshot(page, 'decision-dialog');
    await dialog.getByTestId('decision-submit').click();
    await dialog.waitFor({ state: 'detached' });

    // The sandbox's signed status.updated webhook changes the case; the page polls until it does.
    await page.locator('.case-header .badge', { hasText: 'Approved' }).waitFor({ timeout: 30_000 });
    const after = await apiAs(page, 'GET', `/api/sessions/${target.session_id}`);
    expect(after.body.session.status).toBe('Approved');
    expect(after.body.history.at(-1).status).toBe('Approved');
    await screenshot(page, 'case-approved');
  });

  it('keyboard triage: the oldest In Review case is found, read and decided without the mouse', async () => {
    const oldest = (await inReview(page, '&has_aml_hits=false'))[0]!;
    await page.goto(`/queue?has_aml_hits=false`);
    const table = page.getByTestId('queue-table');
    await table.locator('tbody tr').first().waitFor();
    // j moves down, k back up: the cursor lands on the first (oldest) row.
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    await expect(table.locator('tbody tr[aria-selected="true"]').getAttribute('data-row-id')).resolves.toBe(
      oldest.session_id,
    );
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await screenshot(page, 'queue-shortcuts');
    await page.keyboard.press('Escape');
    await page.keyboard.press('/');
    await expect(page.evaluate(() => document.activeElement?.getAttribute('type'))).resolves.toBe('search');
    await page.keyboard.press('Escape');

    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/sessions/${oldest.session_id}`));
    await page.locator('.case-header').waitFor();
    // `d` claims the case and opens the decline confirmation.
    await page.keyboard.press('d');
    const dialog = page.getByRole('dialog', { name: 'Decline case' });
    await dialog.waitFor();
    await page.keyboard.type('Document photo manipulated; declining.');
    await page.keyboard.press('Control+Enter');
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.case-header .badge', { hasText: 'Declined' }).waitFor({ timeout: 30_000 });
    const after = await apiAs(page, 'GET', `/api/sessions/${oldest.session_id}`);
    expect(after.body.session.status).toBe('Declined');
  });
});
