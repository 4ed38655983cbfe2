import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, browserAvailable, launchBrowser, waitForSessions } from '../support/browser.ts';
import { type ConsoleProcess, REPO, startConsole } from '../support/console.ts';
import { signInIn } from '../support/i18n.ts';

/**
 * Issue 18 on the case page: in Kiswahili, the AML hits table's headers, the hit detail's field names and
 * the evidence cards' field names are the Kiswahili catalog's words, and Didit's own field name stays on
 * hover. A KYC case with AML hits and a KYB case (company registry fields).
 */
const run = browserAvailable();

const catalog = (ns: string) =>
  JSON.parse(fs.readFileSync(path.join(REPO, `web/src/i18n/messages/sw/${ns}.json`), 'utf8')) as Record<
    string,
    string
  >;
const SW_CASE = catalog('case');
const SW_DIDIT = catalog('didit');

const texts = (page: Page, selector: string) =>
  page.locator(selector).evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()));

describe.skipIf(!run)('the case page in Kiswahili names what it shows in Kiswahili', () => {
  let konsole: ConsoleProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [konsole, browser] = await Promise.all([startConsole(), launchBrowser()]);
    await waitForSessions(konsole.url, 5, 180_000, 0);
    page = (await signInIn(browser, konsole.url, 'reviewer@sandbox.test', 'sw')).page;
  });

  afterAll(async () => {
    await browser?.close();
    await konsole?.stop();
  });

  it('KYC with AML hits: table headers, hit detail labels and evidence field labels', async () => {
    const list = await apiAs(page, 'GET', '/api/sessions?kind=user&has_aml_hits=true&limit=20');
    const withHits = (list.body.items as { session_id: string }[])[0];
    expect(withHits, 'a KYC case with AML hits').toBeDefined();
    await page.goto(`/sessions/${withHits!.session_id}`);

    const table = page.getByTestId('aml-hits').first();
    await table.waitFor();
    const headers = await table
      .locator('th')
      .evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()));
    for (const key of [
      'aml.col.match',
      'aml.field.match_score',
      'aml.field.risk_score',
      'aml.field.datasets',
      'aml.col.disposition',
    ])
      expect(headers).toContain(SW_CASE[key]);

    await page.locator('[data-testid^="aml-hit-open-"]').first().click();
    const detail = page.getByTestId('aml-hit-detail');
    await detail.waitFor();
    const hitLabels = await detail
      .locator('dl.fields dt')
      .evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()));
    for (const key of [
      'aml.field.name_on_list',
      'aml.field.date_of_birth',
      'aml.field.nationality',
      'aml.field.pep_level',
      'aml.field.first_seen',
      'aml.field.last_seen',
    ])
      expect(hitLabels).toContain(SW_CASE[key]);
    expect(hitLabels).not.toContain('Name on the list');
    await page.keyboard.press('Escape');

    const idLabels = await texts(page, '[data-section="id_verifications"] dl.fields dt');
    expect(idLabels).toContain(SW_DIDIT['field.DOCUMENT_NUMBER']);
    expect(idLabels).toContain(SW_DIDIT['field.DATE_OF_BIRTH']);
    expect(idLabels).not.toContain('Document number');
    // Didit's own field name on hover.
    await expect(
      page
        .locator('[data-section="id_verifications"] dl.fields dt [title="Didit: document_number"]')
        .first()
        .textContent(),
    ).resolves.toBe(SW_DIDIT['field.DOCUMENT_NUMBER']);
  });

  it('KYB: the company registry card names its fields in Kiswahili', async () => {
    const list = await apiAs(page, 'GET', '/api/sessions?kind=business&limit=50');
    const ids = (list.body.items as { session_id: string }[]).map((i) => i.session_id);
    let found: string | undefined;
    for (const id of ids) {
      const s = (await apiAs(page, 'GET', `/api/sessions/${id}`)).body.session;
      if (Array.isArray(s.decision?.registry_checks) && s.decision.registry_checks.length) {
        found = id;
        break;
      }
    }
    expect(found, 'a KYB case with a registry check').toBeDefined();
    await page.goto(`/sessions/${found}`);
    const section = page.locator('[data-section="registry_checks"]');
    await section.waitFor();
    const heading = await section.locator('h2').first().textContent();
    expect(heading).toContain(SW_DIDIT['check.REGISTRY_CHECKS']);
    const labels = await texts(page, '[data-section="registry_checks"] dl.fields dt');
    expect(labels).toContain(SW_DIDIT['field.COMPANY_NAME']);
    expect(labels).toContain(SW_DIDIT['field.REGISTRATION_NUMBER']);
    expect(labels).not.toContain('Company name');
  });
});
