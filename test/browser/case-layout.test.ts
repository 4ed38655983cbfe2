import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { apiAs, describeInBrowser, listSessions, openCase, screenshot } from '../support/suite.ts';

/** The case page leads with why the case waits for a person; KYB cases lead with the business. */
describeInBrowser('case layout', (suite) => {
  let page: Page;

  async function firstInReview(kind: 'user' | 'business', extra = ''): Promise<string> {
    const [first] = await listSessions(
      page,
      `status=In%20Review&kind=${kind}&order=oldest&limit=100${extra}`,
    );
    const id = first?.session_id;
    expect(id, `an In Review ${kind} case`).toBeDefined();
    return id!;
  }

  beforeAll(async () => {
    page = await suite.signIn('reviewer');
  });

  it('shows why the case is In Review right under its title, each reason linked to its section', async () => {
    const id = await firstInReview('user', '&has_unreviewed_hits=true');
    await openCase(page, id);
    const why = page.locator('.case-header + [data-testid="why-review"]');
    await why.waitFor();
    await expect(why.getByRole('heading', { level: 2 }).textContent()).resolves.toBe(
      'Why this case is in review',
    );
    await expect(why.getByRole('link', { name: /unreviewed AML hit/ }).count()).resolves.toBe(1);
    const links = why.getByRole('link');
    expect(await links.count()).toBeGreaterThan(0);
    for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
      // Each link lands on a section heading that exists on the page.
      await expect(page.locator(href!).count()).resolves.toBe(1);
    }
    await why.getByRole('link', { name: /unreviewed AML hit/ }).click();
    await page.waitForURL(/#section-aml_screenings$/);
    await screenshot(page, 'case-why-review');
  });

  it('a KYB case leads with registry, key people and documents, and shows statuses as words', async () => {
    const id = await firstInReview('business');
    const res = await apiAs(page, 'GET', `/api/sessions/${id}`);
    const decision = res.body.session.decision as Record<string, unknown[] | undefined>;
    const kybFirst = ['registry_checks', 'key_people_checks', 'document_verifications'].filter(
      (k) => (decision[k]?.length ?? 0) > 0,
    );
    expect(kybFirst.length).toBeGreaterThan(0);
    await openCase(page, id);
    await page.locator('.evidence-grid > section').first().waitFor();
    const order = await page
      .locator('.evidence-grid > section[data-section]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-section')));
    expect(order.slice(0, kybFirst.length)).toEqual(kybFirst);
    // Didit sends KYB statuses as codes (IN_REVIEW); the page shows words.
    const badge = await page.locator('.case-header .badge').first().textContent();
    expect(badge).toBe('In Review');
    await expect(
      page
        .locator('.case')
        .getByText(/\bIN_REVIEW\b/)
        .filter({ visible: true })
        .count(),
    ).resolves.toBe(0);
    await screenshot(page, 'case-kyb-first');
  });

  it('the timeline lists each status change once', async () => {
    const id = await firstInReview('user');
    // A re-fetch from Didit (as data.updated webhooks do) records the unchanged status again.
    expect((await apiAs(page, 'POST', `/api/sessions/${id}/refresh`)).status).toBe(200);
    const res = await apiAs(page, 'GET', `/api/sessions/${id}`);
    const statuses = (res.body.history as { status: string }[]).map((h) => h.status);
    const repeats = statuses.filter((s, i) => i > 0 && s === statuses[i - 1]).length;
    expect(repeats, 'the history repeats a status').toBeGreaterThan(0);
    await openCase(page, id);
    await page.getByTestId('timeline').locator('li').first().waitFor();
    const shown = await page.getByTestId('timeline').locator('li .badge').allTextContents();
    expect(shown.length).toBe(statuses.length - repeats);
    for (let i = 1; i < shown.length; i++) expect(shown[i]).not.toBe(shown[i - 1]);
  });
});
