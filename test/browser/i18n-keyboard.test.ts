import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { partnerSide, registerPartner } from '../support/partner-import.ts';
import {
  browserAvailable,
  browserSuite,
  CHROME,
  navLink,
  openCase,
  pickCase,
  queueRows,
  screenshot,
  sessionStatus,
} from '../support/suite.ts';

/**
 * Issue 18: keyboard-only journeys, in Kiswahili. A reviewer triages from the queue to a decision, and a
 * partner manager shares a case (dialog, copy, close) without touching the mouse: focus is where the next
 * key needs it, and comes back where it was when a dialog closes.
 */
const run = browserAvailable();

/** Tab (forwards) until the focused element matches, as a keyboard user moves through a page. */
async function tabTo(
  page: Page,
  matches: (el: { testId: string | null; text: string }) => boolean,
  max = 80,
) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const el = await page.evaluate(() => ({
      testId: document.activeElement?.getAttribute('data-testid') ?? null,
      text: (document.activeElement?.textContent ?? '').trim(),
    }));
    if (matches(el)) return;
  }
  throw new Error('the element was not reached with Tab');
}

const focusedTestId = (page: Page) =>
  page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
const focusInDialog = (page: Page) =>
  page.evaluate(() => Boolean(document.activeElement?.closest('[role="dialog"]')));

describe.skipIf(!run)('keyboard-only journeys in Kiswahili', () => {
  const suite = browserSuite({ seed: { minimum: 5 } });

  it("a reviewer's triage: queue → case → decision, by keyboard", async () => {
    const page = await suite.signIn('reviewer', { language: 'sw', locale: 'sw' });
    await page.goto('/queue?has_aml_hits=false');
    const table = page.getByTestId('queue-table');
    await queueRows(page).first().waitFor();
    await navLink(page, 'sw', CHROME.sw.queue);
    await page.keyboard.press('j');
    const id = await table.locator('tbody tr[aria-selected="true"]').getAttribute('data-row-id');
    expect(id).toBeTruthy();
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/sessions/${id}`));
    await page.locator('.case-header').waitFor();

    // `d` claims the case and opens the decline confirmation with the focus in it.
    await page.keyboard.press('d');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await expect.poll(() => focusInDialog(page)).toBe(true);
    await page.keyboard.type('Picha ya hati imehaririwa; ninakataa.');
    await screenshot(page, 'i18n-sw-keyboard-decision');
    await page.keyboard.press('Control+Enter');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => sessionStatus(page, id!), { timeout: 30_000 }).toBe('Declined');
  });

  it('a partner manager shares a case: open the dialog, mint, copy the token, close — by keyboard', async () => {
    const page = await suite.signIn('partner', { language: 'sw', locale: 'sw' });
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.url });
    await registerPartner(page, await partnerSide(suite.console), 'Benki Mshirika');
    await openCase(page, await pickCase(page, 'status=Approved&kind=user&imported=false&limit=5'));
    await page.locator('.case-header').waitFor();

    await tabTo(page, (el) => el.testId === 'share-open');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Shiriki na mshirika' });
    await dialog.waitFor();
    // The dialog starts in the partner picker; arrows choose the partner.
    await expect.poll(() => focusedTestId(page)).toBe('partner-picker');
    await page.keyboard.press('ArrowDown');
    await expect(dialog.getByTestId('partner-picker').inputValue()).resolves.not.toBe('');
    await tabTo(page, (el) => el.text === 'Tengeneza tokeni kwa Benki Mshirika');
    await page.keyboard.press('Enter');
    const minted = page.getByRole('dialog', { name: 'Tokeni ya kushiriki imetengenezwa' });
    await minted.waitFor();
    const token = await minted.getByTestId('share-token').inputValue();
    expect(token).toMatch(/^eyJ/);

    await tabTo(page, (el) => el.text === 'Nakili');
    await page.keyboard.press('Enter');
    await minted.getByRole('button', { name: 'Imenakiliwa' }).waitFor();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(token);
    await screenshot(page, 'i18n-sw-keyboard-share');

    // Copied: Escape closes at once, and the focus is back on the button that opened the dialog.
    await page.keyboard.press('Escape');
    await minted.waitFor({ state: 'detached' });
    await expect.poll(() => focusedTestId(page)).toBe('share-open');
  });
});
