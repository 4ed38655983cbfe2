import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  apiAs,
  browserAvailable,
  browserSuite,
  CHROME,
  expectNoSeriousA11yViolations,
  htmlLang,
  listSessions,
  navLink,
  openCase,
  pickCase,
  screenshot,
  type TestLocale,
  WCAG22_AA,
  waitForQueueRows,
} from '../support/suite.ts';

/**
 * Issue 18: the main journeys (sign-in, queue, case, decision, share, import, audit, and the other pages) in
 * English and in Kiswahili: each page's chrome and heading in the chosen language, a screenshot of each page
 * in each language (test/artifacts/screenshots/i18n-<locale>-<page>.png), and axe-core's WCAG 2.2 AA rules
 * with no serious or critical violation.
 */
const run = browserAvailable();

const HEADINGS = {
  en: {
    import: 'Import a partner’s verification',
    partners: 'Partners',
    shares: 'Shares ledger',
    reliance: 'Reliance ledger',
    batch: 'Batch share',
    audit: 'Audit log',
    users: 'Users',
    sync: 'Sync with Didit',
    entity: 'Person',
    notFound: 'Page not found',
    shareDialog: 'Share with a partner',
  },
  sw: {
    import: 'Ingiza uthibitisho wa mshirika',
    partners: 'Washirika',
    shares: 'Daftari la tokeni zilizoshirikiwa',
    reliance: 'Daftari la utegemezi',
    batch: 'Shiriki kwa kundi',
    audit: 'Kumbukumbu za ukaguzi',
    users: 'Watumiaji',
    sync: 'Ulinganifu na Didit',
    entity: 'Mtu',
    notFound: 'Ukurasa haukupatikana',
    shareDialog: 'Shiriki na mshirika',
  },
} as const satisfies Record<TestLocale, Record<string, string>>;

async function check(page: Page, locale: TestLocale, name: string): Promise<void> {
  await expect(htmlLang(page)).resolves.toBe(locale);
  await screenshot(page, `i18n-${locale}-${name}`);
  await expectNoSeriousA11yViolations(page, [], WCAG22_AA);
}

async function heading(page: Page, name: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
}

describe.skipIf(!run)('every page in English and Kiswahili', () => {
  const suite = browserSuite({ seed: { minimum: 5 } });

  for (const locale of ['en', 'sw'] as const) {
    describe(`in ${locale === 'en' ? 'English' : 'Kiswahili'}`, () => {
      const h = HEADINGS[locale];

      it('sign-in page', async () => {
        const page = await suite.newPage({ locale });
        await page.goto('/login');
        await heading(page, CHROME[locale].brand);
        await page.getByRole('button', { name: CHROME[locale].signIn, exact: true }).waitFor();
        await check(page, locale, 'login');
      });

      it('reviewer: queue, case, decision dialog, import', async () => {
        const page = await suite.signIn('reviewer', { language: locale, locale });
        await navLink(page, locale, CHROME[locale].queue);
        await waitForQueueRows(page);
        await check(page, locale, 'queue');

        const inReview = await listSessions(page, 'status=In%20Review&kind=user&limit=20');
        await openCase(page, inReview.at(-1)!.session_id);
        await page.locator('.case-header').waitFor();
        await navLink(page, locale, CHROME[locale].queue);
        await check(page, locale, 'case');

        // `d` claims the case and opens the decline confirmation; Escape leaves it undecided.
        await page.keyboard.press('d');
        const dialog = page.getByRole('dialog');
        await dialog.waitFor();
        await check(page, locale, 'decision-dialog');
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'detached' });

        await page.goto('/sharing/import');
        await heading(page, h.import);
        await check(page, locale, 'import');

        await page.goto('/no-such-page');
        await heading(page, h.notFound);
        await check(page, locale, 'not-found');
      });

      it('partner manager: share dialog, partners, batch share, shares and reliance ledgers', async () => {
        const page = await suite.signIn('partner', { language: locale, locale });
        await openCase(page, await pickCase(page, 'status=Approved&kind=user&limit=5'));
        await page.getByTestId('share-open').click();
        await page.getByRole('dialog', { name: h.shareDialog }).waitFor();
        await check(page, locale, 'share-dialog');
        await page.keyboard.press('Escape');

        for (const [path, title, name] of [
          ['/sharing/partners', h.partners, 'partners'],
          ['/sharing/batch', h.batch, 'batch'],
          ['/sharing/shares', h.shares, 'shares'],
          ['/sharing/reliance', h.reliance, 'reliance'],
        ] as const) {
          await page.goto(path);
          await heading(page, title);
          await page
            .getByRole('status')
            .first()
            .waitFor({ state: 'detached' })
            .catch(() => {});
          await check(page, locale, name);
        }
      });

      it('admin: audit log, users, sync, a person', async () => {
        const page = await suite.signIn('admin', { language: locale, locale });
        await page.goto('/audit');
        await heading(page, h.audit);
        await page.getByTestId('audit-table').locator('tbody tr').first().waitFor();
        await page.getByTestId('chain-status').locator('.badge').waitFor();
        await check(page, locale, 'audit');

        await page.goto('/admin/users');
        await heading(page, h.users);
        await page.getByTestId('users-table').locator('tbody tr').first().waitFor();
        await check(page, locale, 'users');

        await page.goto('/admin/sync');
        await heading(page, h.sync);
        await page.getByTestId('backfill-state').waitFor();
        await check(page, locale, 'sync');

        const person = await apiAs(page, 'GET', '/api/sessions?kind=user&limit=50');
        const vendor = (person.body.items as { vendor_data: string | null }[]).find((i) => i.vendor_data)!;
        await page.goto(`/entities/${encodeURIComponent(vendor.vendor_data!)}?kind=user`);
        await heading(page, h.entity);
        await page.getByTestId('entity-sessions').waitFor();
        await check(page, locale, 'entity');
      });
    });
  }
});
