import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  browserAvailable,
  browserSuite,
  CHROME,
  htmlLang,
  navLink,
  openCase,
  pickCase,
  screenshot,
} from '../support/suite.ts';

/**
 * Issue 18: the case page at 1024 px with Kiswahili's longer labels. Nothing may run off the page or be cut
 * off inside its box: no horizontal scroll of the page, and no label, button, heading, badge or field name
 * whose text is wider than the box that clips it. Applies to whatever the case page says (English until it
 * is translated, Kiswahili after).
 */
const run = browserAvailable();

interface Clipped {
  what: string;
  text: string;
  overflow: number;
}

/** Elements whose text is cut off (wider than their clipping box), and how far the page scrolls sideways. */
function layoutProblems(page: Page): Promise<{ pageOverflow: number; clipped: Clipped[] }> {
  return page.evaluate(() => {
    const selectors =
      'h1, h2, h3, button, a.button, label, legend, th, dt, .badge, .tag, [role="tab"], .nav-link';
    const clipped: Clipped[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(selectors))) {
      const rect = el.getBoundingClientRect();
      // Hidden, or visually hidden on purpose (text for screen readers, clipped to 1 px by design).
      if (rect.width <= 1 || rect.height <= 1 || el.closest('.visually-hidden')) continue;
      const style = getComputedStyle(el);
      const clips = style.overflowX !== 'visible' || style.textOverflow === 'ellipsis';
      const over = el.scrollWidth - el.clientWidth;
      // A box that clips and is narrower than its text hides part of it; one that does not clip but sticks
      // out of the window on the right is cut off by the window.
      const outOfWindow = rect.right - document.documentElement.clientWidth;
      if ((clips && over > 1) || outOfWindow > 1)
        clipped.push({
          what: `${el.tagName.toLowerCase()}.${Array.from(el.classList).join('.')}`,
          text: (el.textContent ?? '').trim().slice(0, 60),
          overflow: Math.round(Math.max(clips ? over : 0, outOfWindow)),
        });
    }
    return {
      pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      clipped,
    };
  });
}

describe.skipIf(!run)('the case page at 1024 px in Kiswahili', () => {
  const suite = browserSuite({ seed: { minimum: 5 } });

  for (const [who, account] of [
    ['a reviewer', 'reviewer'],
    ['an admin (the longest navigation)', 'admin'],
  ] as const) {
    it(`KYC with AML hits and KYB, as ${who}: nothing cut off, no sideways scroll`, async () => {
      const page = await suite.signIn(account, {
        from: '/login',
        language: 'sw',
        locale: 'sw',
        viewport: { width: 1024, height: 768 },
      });
      await navLink(page, 'sw', CHROME.sw.queue);
      for (const [kind, extra] of [
        ['user', '&has_aml_hits=true'],
        ['business', ''],
      ] as const) {
        await openCase(page, await pickCase(page, `status=In%20Review&kind=${kind}&limit=20${extra}`));
        await page.locator('.evidence-grid > section').first().waitFor();
        await expect(htmlLang(page)).resolves.toBe('sw');
        await screenshot(page, `i18n-sw-1024-case-${kind}-${account}`);
        const { pageOverflow, clipped } = await layoutProblems(page);
        expect(clipped, 'text cut off').toEqual([]);
        expect(pageOverflow, 'the page scrolls sideways').toBeLessThanOrEqual(1);
      }
    });
  }
});
