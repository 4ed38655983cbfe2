import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, browserAvailable, launchBrowser, screenshot, waitForSessions } from '../support/browser.ts';
import { type ConsoleProcess, startConsole } from '../support/console.ts';
import { CHROME, htmlLang, navLink } from '../support/i18n.ts';

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
  let konsole: ConsoleProcess;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [konsole, browser] = await Promise.all([startConsole(), launchBrowser()]);
    await waitForSessions(konsole.url, 5);
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await konsole?.stop();
  });

  async function signIn(email: string): Promise<Page> {
    const context = await browser.newContext({
      baseURL: konsole.url,
      locale: 'sw',
      viewport: { width: 1024, height: 768 },
    });
    context.setDefaultTimeout(20_000);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByRole('button', { name: new RegExp(email.replace(/[.@]/g, '\\$&')) }).click();
    await page.getByRole('button', { name: CHROME.sw.signIn, exact: true }).click();
    await page.waitForURL(/\/queue/);
    return page;
  }

  for (const [who, email] of [
    ['a reviewer', 'reviewer@sandbox.test'],
    ['an admin (the longest navigation)', 'admin@sandbox.test'],
  ] as const) {
    it(`KYC with AML hits and KYB, as ${who}: nothing cut off, no sideways scroll`, async () => {
      const page = await signIn(email);
      await navLink(page, 'sw', CHROME.sw.queue);
      for (const [kind, extra] of [
        ['user', '&has_aml_hits=true'],
        ['business', ''],
      ] as const) {
        const res = await apiAs(
          page,
          'GET',
          `/api/sessions?status=In%20Review&kind=${kind}&limit=20${extra}`,
        );
        const id = res.body.items[0].session_id as string;
        await page.goto(`/sessions/${id}`);
        await page.locator('.evidence-grid > section').first().waitFor();
        await expect(htmlLang(page)).resolves.toBe('sw');
        await screenshot(page, `i18n-sw-1024-case-${kind}-${email.split('@')[0]}`);
        const { pageOverflow, clipped } = await layoutProblems(page);
        expect(clipped, 'text cut off').toEqual([]);
        expect(pageOverflow, 'the page scrolls sideways').toBeLessThanOrEqual(1);
      }
    });
  }
});
