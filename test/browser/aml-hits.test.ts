import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { REPO } from '../support/console.ts';
import { apiAs, describeInBrowser, listSessions, openCase, screenshot } from '../support/suite.ts';

/**
 * A reviewer judges AML hits: every field Didit sends about the listed person in a detail view, a comment
 * for each disposition, undo, bulk "false positive", and a warning before approving over open hits.
 */
/** Didit's dataset names in the English catalog's words (the hit detail shows them translated). */
const DIDIT_EN = JSON.parse(
  fs.readFileSync(path.join(REPO, 'web/src/i18n/messages/en/didit.json'), 'utf8'),
) as Record<string, string>;
const englishDataset = (d: string) => DIDIT_EN[`dataset.${d.toUpperCase().replace(/[\s-]+/g, '_')}`] ?? d;

interface Hit {
  id: string;
  caption: string;
  review_status: string;
  properties: { position?: string[]; gender?: string[]; birthDate?: string[] };
  first_seen: string;
  last_seen: string;
  datasets: string[];
}

describeInBrowser('AML hits in the case view', (suite) => {
  let page: Page;

  async function hitsOf(id: string): Promise<Hit[]> {
    const res = await apiAs(page, 'GET', `/api/sessions/${id}`);
    const screenings = (res.body.session.decision?.aml_screenings ?? []) as { hits: Hit[] }[];
    return screenings.flatMap((s) => s.hits ?? []);
  }

  /** In Review cases with at least `n` unreviewed hits, oldest first. */
  async function casesWithOpenHits(n: number): Promise<string[]> {
    return (await listSessions(page, 'status=In%20Review&has_unreviewed_hits=true&limit=100'))
      .filter((i) => i.aml_unreviewed_hits >= n)
      .map((i) => i.session_id);
  }

  beforeAll(async () => {
    page = await suite.signIn('reviewer');
  });

  it('shows a hit in full, takes a disposition only with a comment, and undoes it', async () => {
    const [id] = await casesWithOpenHits(1);
    expect(id, 'a case with an unreviewed hit').toBeDefined();
    const hit = (await hitsOf(id!)).find((h) => h.review_status === 'Unreviewed')!;
    await openCase(page, id!);
    await page.getByTestId(`aml-hit-open-${hit.id}`).click();
    const dialog = page.getByRole('dialog', { name: /^AML hit:/ });
    const detail = dialog.getByTestId('aml-hit-detail');
    const value = (label: string) =>
      detail
        .locator('dl.fields > div', { has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) })
        .locator('dd')
        .first()
        .innerText();
    await expect(value('Name on the list')).resolves.toBe(hit.caption);
    await expect(value('Gender')).resolves.toBe(hit.properties.gender?.join(', ') || '—');
    await expect(value('Date of birth')).resolves.toBe(hit.properties.birthDate?.join(', ') || '—');
    // Datasets are Didit's vocabulary: shown in the console's words (web/src/i18n/messages/en/didit.json).
    await expect(value('Datasets')).resolves.toBe(hit.datasets.map(englishDataset).join(', '));
    await expect(value('First seen on the list')).resolves.toBe(hit.first_seen.slice(0, 10));
    await expect(value('Last seen on the list')).resolves.toBe(hit.last_seen.slice(0, 10));
    await expect(value('PEP level')).resolves.toMatch(/PEP|Not a PEP/);
    for (const p of hit.properties.position ?? []) await expect(value('Position')).resolves.toContain(p);
    await expect(
      dialog.getByRole('link', { name: 'List entry (source)' }).getAttribute('href'),
    ).resolves.toMatch(/^https:\/\//);
    await screenshot(page, 'aml-hit-detail');

    // Choosing a disposition saves nothing; without a comment it cannot be saved.
    await dialog.getByLabel('Disposition', { exact: true }).selectOption('Inconclusive');
    const save = dialog.getByRole('button', { name: 'Save disposition' });
    await expect(save.isDisabled()).resolves.toBe(true);
    expect((await hitsOf(id!)).find((h) => h.id === hit.id)?.review_status).toBe('Unreviewed');
    await dialog.getByLabel(/^Why/).fill('Birth year differs; escalated to compliance.');
    await save.click();
    await dialog.waitFor({ state: 'detached' });
    await expect
      .poll(() => page.getByTestId(`aml-status-${hit.id}`).innerText(), { timeout: 15_000 })
      .toBe('Inconclusive');

    // The comment is kept with the disposition and shown in the hit's history.
    await page.getByTestId(`aml-hit-open-${hit.id}`).click();
    await expect(page.getByTestId('aml-hit-history').innerText()).resolves.toContain(
      'Birth year differs; escalated to compliance.',
    );
    await page.keyboard.press('Escape');

    // Undo brings the hit back to what it was, at Didit too.
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect
      .poll(() => page.getByTestId(`aml-status-${hit.id}`).innerText(), { timeout: 15_000 })
      .toBe('Unreviewed');
    expect((await hitsOf(id!)).find((h) => h.id === hit.id)?.review_status).toBe('Unreviewed');
  });

  it('dismisses several hits as false positives with one comment', async () => {
    // A screening (one table) with two unreviewed hits.
    let id: string | undefined;
    let open: Hit[] = [];
    for (const candidate of await casesWithOpenHits(2)) {
      const res = await apiAs(page, 'GET', `/api/sessions/${candidate}`);
      const screenings = (res.body.session.decision?.aml_screenings ?? []) as { hits: Hit[] }[];
      const s = screenings.find((x) => x.hits.filter((h) => h.review_status === 'Unreviewed').length >= 2);
      if (s) {
        id = candidate;
        open = s.hits.filter((h) => h.review_status === 'Unreviewed');
        break;
      }
    }
    expect(id, 'a screening with two unreviewed hits').toBeDefined();
    await openCase(page, id!);
    for (const h of open) await page.getByTestId(`aml-select-${h.id}`).check();
    await page
      .getByRole('button', { name: /selected as false positive/ })
      .first()
      .click();
    const dialog = page.getByRole('dialog', { name: /as false positive$/ });
    await expect(dialog.getByRole('button', { name: 'Mark false positive' }).isDisabled()).resolves.toBe(
      true,
    );
    await dialog.getByLabel(/^Why/).fill('Different people: nationality and birth year differ.');
    await dialog.getByRole('button', { name: 'Mark false positive' }).click();
    await dialog.waitFor({ state: 'detached' });
    for (const h of open)
      await expect
        .poll(() => page.getByTestId(`aml-status-${h.id}`).innerText(), { timeout: 15_000 })
        .toBe('False positive');
    const after = await hitsOf(id!);
    for (const h of open) expect(after.find((x) => x.id === h.id)?.review_status).toBe('False Positive');
  });

  it('warns before approving a case with unreviewed hits and needs an explicit acknowledgement', async () => {
    const [id] = await casesWithOpenHits(1);
    await openCase(page, id!);
    await page.getByRole('button', { name: /^Approve/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Approve case' });
    await dialog.getByTestId('open-hits-warning').waitFor();
    await expect(dialog.getByTestId('open-hits-warning').innerText()).resolves.toMatch(/unreviewed/);
    await dialog.getByLabel(/Comment/).fill('Hits look like namesakes.');
    await expect(dialog.getByTestId('decision-submit').isDisabled()).resolves.toBe(true);
    await dialog.getByLabel('Approve with unreviewed AML hits').check();
    await expect(dialog.getByTestId('decision-submit').isDisabled()).resolves.toBe(false);
    await screenshot(page, 'approve-open-hits');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });
});
