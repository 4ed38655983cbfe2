import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import {
  describeInBrowser,
  expectNoSeriousA11yViolations,
  openCase,
  pickCase,
  waitForQueueRows,
} from '../support/suite.ts';

/** axe-core on the pages this work touched: no serious or critical violation (heading order, alt text, names). */
describeInBrowser('accessibility of the queue and the case', (suite) => {
  let page: Page;

  beforeAll(async () => {
    page = await suite.signIn('reviewer');
  });

  it('the Account button is named by the text it shows', async () => {
    const button = page.getByTestId('account-button');
    const text = (await button.innerText()).replace(/\s+/g, ' ').trim();
    const name = await button.evaluate((el) => el.getAttribute('aria-label') ?? el.textContent ?? '');
    expect(name.replace(/\s+/g, ' ')).toContain(text.split(' ')[0]);
    await page.getByRole('button', { name: new RegExp(`^${text.split('\n')[0]!.split(' ')[0]}`) }).waitFor();
  });

  it('the queue passes axe', async () => {
    await page.goto('/queue');
    await waitForQueueRows(page);
    await expectNoSeriousA11yViolations(page);
  });

  it('a KYC case with AML hits, and a hit’s detail, pass axe', async () => {
    await openCase(page, await pickCase(page, 'status=In%20Review&has_unreviewed_hits=true&kind=user'));
    await page.getByTestId('why-review').waitFor();
    await page.locator('[data-testid^="aml-hit-open-"]').first().waitFor();
    await expectNoSeriousA11yViolations(page);
    await page.locator('[data-testid^="aml-hit-open-"]').first().click();
    await page.getByTestId('aml-hit-detail').waitFor();
    await expectNoSeriousA11yViolations(page);
    await page.keyboard.press('Escape');
  });

  it('a KYB case passes axe', async () => {
    await openCase(page, await pickCase(page, 'status=In%20Review&kind=business'));
    await page.locator('.evidence-grid > section').first().waitFor();
    await expectNoSeriousA11yViolations(page);
  });
});
