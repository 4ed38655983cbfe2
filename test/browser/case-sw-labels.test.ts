import type { Locator, Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import swCase from '../../web/src/i18n/messages/sw/case.json' with { type: 'json' };
import swDidit from '../../web/src/i18n/messages/sw/didit.json' with { type: 'json' };
import { apiAs, describeInBrowser, listSessions, openCase, textsOf } from '../support/suite.ts';

/**
 * Issue 18 on the case page: in Kiswahili, the AML hits table's headers, the hit detail's field names and
 * the evidence cards' field names are the Kiswahili catalog's words, and Didit's own field name stays on
 * hover. A KYC case with AML hits and a KYB case (company registry fields).
 */
const SW_CASE: Record<string, string> = swCase;
const SW_DIDIT: Record<string, string> = swDidit;

/**
 * The texts of `labels` inside `region` (once it shows), among which every one of the case catalog's `keys`
 * is shown in its Kiswahili words.
 */
async function expectSwahiliLabels(region: Locator, labels: string, keys: string[]): Promise<string[]> {
  await region.waitFor();
  const texts = await textsOf(region.locator(labels));
  for (const key of keys) expect(texts).toContain(SW_CASE[key]);
  return texts;
}

describeInBrowser(
  'the case page in Kiswahili names what it shows in Kiswahili',
  { seed: { minimum: 5, settleMs: 0 } },
  (suite) => {
    let page: Page;

    beforeAll(async () => {
      page = await suite.signIn('reviewer', { language: 'sw', locale: 'sw' });
    });

    it('KYC with AML hits: table headers, hit detail labels and evidence field labels', async () => {
      const [withHits] = await listSessions(page, 'kind=user&has_aml_hits=true&limit=20');
      expect(withHits, 'a KYC case with AML hits').toBeDefined();
      await openCase(page, withHits!.session_id);

      await expectSwahiliLabels(page.getByTestId('aml-hits').first(), 'th', [
        'aml.col.match',
        'aml.field.match_score',
        'aml.field.risk_score',
        'aml.field.datasets',
        'aml.col.disposition',
      ]);

      await page.locator('[data-testid^="aml-hit-open-"]').first().click();
      const hitLabels = await expectSwahiliLabels(page.getByTestId('aml-hit-detail'), 'dl.fields dt', [
        'aml.field.name_on_list',
        'aml.field.date_of_birth',
        'aml.field.nationality',
        'aml.field.pep_level',
        'aml.field.first_seen',
        'aml.field.last_seen',
      ]);
      expect(hitLabels).not.toContain('Name on the list');
      await page.keyboard.press('Escape');

      const idLabels = await textsOf(page.locator('[data-section="id_verifications"] dl.fields dt'));
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
      const ids = (await listSessions(page, 'kind=business&limit=50')).map((i) => i.session_id);
      let found: string | undefined;
      for (const id of ids) {
        const s = (await apiAs(page, 'GET', `/api/sessions/${id}`)).body.session;
        if (Array.isArray(s.decision?.registry_checks) && s.decision.registry_checks.length) {
          found = id;
          break;
        }
      }
      expect(found, 'a KYB case with a registry check').toBeDefined();
      await openCase(page, found!);
      const section = page.locator('[data-section="registry_checks"]');
      await section.waitFor();
      const heading = await section.locator('h2').first().textContent();
      expect(heading).toContain(SW_DIDIT['check.REGISTRY_CHECKS']);
      const labels = await textsOf(page.locator('[data-section="registry_checks"] dl.fields dt'));
      expect(labels).toContain(SW_DIDIT['field.COMPANY_NAME']);
      expect(labels).toContain(SW_DIDIT['field.REGISTRATION_NUMBER']);
      expect(labels).not.toContain('Company name');
    });
  },
);
