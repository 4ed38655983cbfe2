import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../support/i18n.ts';
import { type PartnerSide, partnerSide, partnerToken, registerPartner } from '../support/partner-import.ts';
import {
  apiAs,
  browserAvailable,
  browserSuite,
  CHROME,
  expectNoSeriousA11yViolations,
  listSessions,
  localeScreenshot,
  navLink,
  openCase,
  pickCase,
  sessionStatus,
  type TestLocale,
  WCAG22_AA,
  waitForQueueRows,
} from '../support/suite.ts';
import { confirmEnrolment, resetOwnSecondFactor, signInToEnrolment } from '../support/totp.ts';

/**
 * Issue 18: the main journeys (sign-in, queue, case, decision, share, import, audit, and the other pages) in
 * English and in Kiswahili: each page's chrome and heading in the chosen language, a screenshot of each page
 * in each language (test/artifacts/screenshots/i18n-<locale>-<page>.png), and axe-core's WCAG 2.2 AA rules
 * with no serious or critical violation. The journeys are gone through, not only looked at: a decision is
 * sent, a share token minted, a partner's token imported and the imported case opened. The admin must hold a
 * second factor (MFA_REQUIRED_ROLES=admin), so the enrolment page is one of the pages.
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
    tokenDialog: 'Share token minted',
    dashboard: 'Queue health',
    enrol: 'Set up a second factor',
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
    tokenDialog: 'Tokeni ya kushiriki imetengenezwa',
    dashboard: 'Hali ya foleni',
    enrol: 'Weka kipengele cha pili cha uthibitishaji',
  },
} as const satisfies Record<TestLocale, Record<string, string>>;

async function check(page: Page, locale: TestLocale, name: string): Promise<void> {
  await localeScreenshot(page, locale, name);
  await expectNoSeriousA11yViolations(page, [], WCAG22_AA);
}

async function heading(page: Page, name: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
}

/**
 * Opens `path`, waits for its heading `title` and for the first match of each `loaded` selector (what the
 * page fetches), then checks it as `name`.
 */
async function visit(
  page: Page,
  locale: TestLocale,
  path: string,
  title: string,
  name: string,
  ...loaded: string[]
) {
  await page.goto(path);
  await heading(page, title);
  for (const selector of loaded) await page.locator(selector).first().waitFor();
  await check(page, locale, name);
}

describe.skipIf(!run)('every page in English and Kiswahili', () => {
  const suite = browserSuite({ env: { MFA_REQUIRED_ROLES: 'admin' }, seed: { minimum: 5 } });
  let side: PartnerSide;

  beforeAll(async () => {
    side = await partnerSide(suite.console);
    await registerPartner(await suite.signIn('partner'), side, 'Benki Mshirika');
  });

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

      it('reviewer: queue, KYB case, an AML hit, KYC case, decision (dialog and sent), dashboard, import page', async () => {
        const page = await suite.signIn('reviewer', { language: locale, locale });
        await navLink(page, locale, CHROME[locale].queue);
        await waitForQueueRows(page);
        await check(page, locale, 'queue');

        await openCase(page, await pickCase(page, 'status=In%20Review&kind=business&limit=5'));
        await page.locator('.evidence-grid > section').first().waitFor();
        await check(page, locale, 'kyb-case');

        await openCase(page, await pickCase(page, 'status=In%20Review&kind=user&has_aml_hits=true&limit=5'));
        await page.locator('[data-testid^="aml-hit-open-"]').first().click();
        await page.getByTestId('aml-hit-detail').waitFor();
        await check(page, locale, 'aml-hit');
        await page.keyboard.press('Escape');

        const inReview = await listSessions(page, 'status=In%20Review&kind=user&imported=false&limit=20');
        const caseId = inReview.at(-1)!.session_id;
        await openCase(page, caseId);
        await page.locator('.case-header').waitFor();
        await navLink(page, locale, CHROME[locale].queue);
        await check(page, locale, 'case');

        // `d` claims the case and opens the decline confirmation; a reason and Ctrl+Enter send it.
        await page.keyboard.press('d');
        const dialog = page.getByRole('dialog');
        await dialog.waitFor();
        await check(page, locale, 'decision-dialog');
        await page.keyboard.type(
          locale === 'en' ? 'The document photo was edited.' : 'Picha ya hati imehaririwa.',
        );
        await page.keyboard.press('Control+Enter');
        await dialog.waitFor({ state: 'detached' });
        await expect.poll(() => sessionStatus(page, caseId), { timeout: 30_000 }).toBe('Declined');
        await page.locator('[aria-labelledby="decisions-title"]').waitFor();
        await check(page, locale, 'case-decided');

        await visit(
          page,
          locale,
          '/dashboard',
          h.dashboard,
          'dashboard',
          '[data-testid="dash-open-table"] tbody tr',
        );
        await visit(page, locale, '/sharing/import', h.import, 'import');
        await visit(page, locale, '/no-such-page', h.notFound, 'not-found');
      });

      it('partner manager: share (dialog, token minted), import (preview, result, the imported case), partners, batch share, ledgers', async () => {
        const page = await suite.signIn('partner', { language: locale, locale });
        const words = catalog(locale);
        await openCase(page, await pickCase(page, 'status=Approved&kind=user&imported=false&limit=5'));
        await page.getByTestId('share-open').click();
        const share = page.getByRole('dialog', { name: h.shareDialog });
        await share.waitFor();
        await check(page, locale, 'share-dialog');
        await share.getByTestId('partner-picker').selectOption({ label: 'Benki Mshirika' });
        await share.locator('button[type="submit"]').click();
        const minted = page.getByRole('dialog', { name: h.tokenDialog });
        await minted.getByTestId('share-token').waitFor();
        await check(page, locale, 'share-token');
        await minted.getByRole('button', { name: words['sharing.dialog.done'], exact: true }).click();
        await minted.waitFor({ state: 'detached' });

        await page.goto('/sharing/import');
        await heading(page, h.import);
        await page.getByTestId('import-token').fill(await partnerToken(side));
        await page.getByRole('button', { name: words['sharing.import.read'], exact: true }).click();
        await page.getByTestId('import-preview').waitFor();
        await page.getByTestId('import-workflow').selectOption(side.consoleKycWorkflow);
        await check(page, locale, 'import-preview');
        await page.getByTestId('import-submit').click();
        const result = page.getByTestId('import-result');
        await result.waitFor();
        await check(page, locale, 'import-result');
        await result.getByRole('link', { name: words['sharing.import.open_new'], exact: true }).click();
        await page.getByTestId('provenance-fields').waitFor();
        await check(page, locale, 'imported-case');

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

      it('admin: second-factor enrolment, audit log, users, sync, a person', async () => {
        const page = await suite.newPage({ locale });
        await signInToEnrolment(page, 'admin@sandbox.test', locale);
        await heading(page, h.enrol);
        await check(page, locale, 'enrol-totp');
        await confirmEnrolment(page);

        await visit(
          page,
          locale,
          '/audit',
          h.audit,
          'audit',
          '[data-testid="audit-table"] tbody tr',
          '[data-testid="chain-status"] .badge',
        );
        await visit(page, locale, '/admin/users', h.users, 'users', '[data-testid="users-table"] tbody tr');
        await visit(page, locale, '/admin/sync', h.sync, 'sync', '[data-testid="backfill-state"]');

        const person = await apiAs(page, 'GET', '/api/sessions?kind=user&limit=50');
        const vendor = (person.body.items as { vendor_data: string | null }[]).find((i) => i.vendor_data)!;
        const entityPath = `/entities/${encodeURIComponent(vendor.vendor_data!)}?kind=user`;
        await visit(page, locale, entityPath, h.entity, 'entity', '[data-testid="entity-sessions"]');
        // The other language's run meets the enrolment page again.
        await resetOwnSecondFactor(page);
      });
    });
  }
});
