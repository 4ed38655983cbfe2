import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../support/i18n.ts';
import {
  importOutsideConsole,
  importThroughConsole,
  type PartnerSide,
  partnerSide,
  registerPartner,
} from '../support/partner-import.ts';
import { apiAs, browserAvailable, browserSuite, openCase, pickCase, screenshot } from '../support/suite.ts';

/**
 * Issue 18, on the case page: what the API sends as codes and data is worded from the catalogs in the reader's
 * language. An imported case's provenance card (its field names, its note, Didit statuses with the raw value on
 * hover, times in the locale with UTC on hover), and a KYB case's company document types and key people's roles
 * (Didit's documented values, through the Didit vocabulary table).
 */
const run = browserAvailable();

/** The provenance card's fields in the order it lists them (web/src/features/case/Provenance.tsx). */
const FIELD_KEYS = [
  'trust_review',
  'source_status',
  'landed_status',
  'current_status',
  'latest_review',
  'imported_by',
  'imported_at',
  'source_application_id',
  'partner_id',
  'workflow_id',
  'import_id',
  'token_fingerprint',
];

/** The text and hover text of the Didit terms in `cells` (one or more per cell). */
async function terms(cells: Locator): Promise<{ text: string; title: string | null; data: boolean }[]> {
  return cells.locator('[data-raw]').evaluateAll((els) =>
    els.map((el) => ({
      text: (el.textContent ?? '').trim(),
      title: el.getAttribute('title'),
      data: el.classList.contains('mono'),
    })),
  );
}

describe.skipIf(!run)('Didit’s codes worded on the case page, in English and Kiswahili', () => {
  const suite = browserSuite();
  let side: PartnerSide;
  let recorded: string;
  let outside: string;
  let kyb: string;

  beforeAll(async () => {
    side = await partnerSide(suite.console);
    const page = await suite.signIn('partner');
    await registerPartner(page, side, 'Benki Mshirika');
    recorded = await importThroughConsole(page, side);
    outside = await importOutsideConsole(page, side);
    kyb = await pickCase(page, 'kind=business&status=Approved&limit=1');
  });

  it('the API sends the provenance as codes and data: no sentence, the note as a stable code', async () => {
    const page = await suite.signIn('partner');
    const thin = (await apiAs(page, 'GET', `/api/sessions/${outside}`)).body.provenance;
    expect(thin).toEqual({
      recorded_in_reliance_ledger: false,
      source_session_id: expect.any(String),
      partner_name: null,
      note_code: 'IMPORTED_OUTSIDE_CONSOLE',
    });
    const full = (await apiAs(page, 'GET', `/api/sessions/${recorded}`)).body.provenance;
    expect(full).toMatchObject({
      recorded_in_reliance_ledger: true,
      partner_name: 'Benki Mshirika',
      trust_review: false,
      source_status: null,
      landed_status: 'In Review',
      current_status: 'In Review',
      latest_review_status: null,
      latest_review_state: null,
    });
    expect(full).not.toHaveProperty('note');
    expect(full).not.toHaveProperty('latest_review');
  });

  for (const locale of ['en', 'sw'] as const) {
    const words = catalog(locale);
    const raw = (value: string) => words['didit.raw_value']!.replace('{value}', value);

    describe(locale === 'en' ? 'in English' : 'in Kiswahili', () => {
      let page: Page;
      beforeAll(async () => {
        page = await suite.signIn('partner', { language: locale, locale });
      });

      it('an imported case: field names, terms and statuses from the catalogs, the time in the locale', async () => {
        await openCase(page, recorded);
        const fields = page.getByTestId('provenance-fields');
        await fields.waitFor();
        await expect(fields.locator('dt').allTextContents()).resolves.toEqual(
          FIELD_KEYS.map((k) => words[`case.provenance.field.${k}`]),
        );
        const field = (name: string) => fields.locator(`[data-field="${name}"] dd`);
        await expect(field('trust_review').textContent()).resolves.toBe(words['case.provenance.trust.ours']);
        await expect(field('latest_review_status').textContent()).resolves.toBe(
          words['case.provenance.no_review'],
        );
        // Didit statuses in the vocabulary table's words, Didit's raw value on hover.
        for (const [name, value, key] of [
          ['landed_status', 'In Review', 'IN_REVIEW'],
          ['current_status', 'In Review', 'IN_REVIEW'],
        ] as const) {
          const badge = field(name).locator('.badge');
          await expect(badge.textContent()).resolves.toBe(words[`didit.status.${key}`]);
          await expect(badge.getAttribute('title')).resolves.toBe(raw(value));
        }
        // The time in the locale's Intl format (the browser's zone), the same instant in UTC on hover.
        const time = field('imported_at').locator('time');
        const iso = (await time.getAttribute('datetime'))!;
        const expected = await page.evaluate(
          ([at, loc]) => ({
            local: new Intl.DateTimeFormat(loc, { dateStyle: 'medium', timeStyle: 'short' }).format(
              new Date(at),
            ),
            utc: new Intl.DateTimeFormat(loc, {
              dateStyle: 'medium',
              timeStyle: 'long',
              timeZone: 'UTC',
            }).format(new Date(at)),
          }),
          [iso, locale] as const,
        );
        await expect(time.textContent()).resolves.toBe(expected.local);
        await expect(time.getAttribute('title')).resolves.toBe(expected.utc);
        await expect(
          page.getByTestId('provenance').getByText('Benki Mshirika').getAttribute('dir'),
        ).resolves.toBe('auto');
        await screenshot(page, `i18n-${locale}-provenance`);
      });

      it('a case imported outside the console: the note from the catalog, by its code', async () => {
        await openCase(page, outside);
        const note = page.getByTestId('provenance-note');
        await note.waitFor();
        await expect(note.getAttribute('data-note')).resolves.toBe('IMPORTED_OUTSIDE_CONSOLE');
        await expect(note.textContent()).resolves.toBe(
          words['case.provenance.note.imported_outside_console'],
        );
        await expect(page.getByTestId('provenance-fields').count()).resolves.toBe(0);
      });

      it('a KYB case: document types and key people’s roles in the catalog’s words, Didit’s value on hover', async () => {
        await openCase(page, kyb);
        await page.getByTestId('company-documents').locator('[data-raw]').first().waitFor();
        await page.getByTestId('key-people').locator('[data-raw]').first().waitFor();
        const types = await terms(page.getByTestId('company-document-type'));
        const roles = await terms(page.getByTestId('key-person-roles'));
        expect(types.length).toBeGreaterThan(0);
        expect(roles.length).toBeGreaterThan(0);
        for (const [list, vocabulary] of [
          [types, 'companyDocument'],
          [roles, 'keyPersonRole'],
        ] as const) {
          for (const term of list) {
            // Every value the sandbox sends is one Didit documents: known, worded, not shown as raw data.
            const value = term.title!.slice(raw('').length);
            expect(term, value).toEqual({
              text: words[`didit.${vocabulary}.${value.toUpperCase()}`],
              title: raw(value),
              data: false,
            });
          }
        }
        expect(types.map((t) => t.title)).toContain(raw('CERTIFICATE_OF_INCORPORATION'));
        expect(roles.map((r) => r.text)).toContain(words['didit.keyPersonRole.DIRECTOR']);
        await screenshot(page, `i18n-${locale}-kyb-terms`);
      });
    });
  }
});
