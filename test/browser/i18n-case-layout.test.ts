import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  browserAvailable,
  browserSuite,
  CHROME,
  listSessions,
  localeScreenshot,
  navLink,
  openCase,
  pickCase,
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

/** The scripts the sandbox writes names and addresses in besides Latin (packages/sandbox/src/generator-data.ts). */
const SCRIPTS = {
  arabic: /\p{Script=Arabic}/u,
  cyrillic: /\p{Script=Cyrillic}/u,
  cjk: /\p{Script=Han}/u,
} as const;

interface ScriptText {
  text: string;
  /** The element and its nearest section, for a readable failure. */
  where: string;
  /** The element that sets the text's direction (`dir="auto"` or `<bdi>`), if any. */
  isolated: boolean;
  direction: string;
  /** How far the text is cut off by a box that clips it (0 when shown whole). */
  cutOff: number;
}

/** Every piece of text on the page written in `script` (a regex source), with how it is set. */
function textsIn(page: Page, script: string): Promise<ScriptText[]> {
  return page.evaluate((source) => {
    const re = new RegExp(source, 'u');
    const found: ScriptText[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      const text = node.textContent?.trim() ?? '';
      // Raw JSON (Didit's payload, shown as code) reads left to right on purpose; text for screen readers only
      // is clipped to 1 px by design.
      if (!el || !re.test(text) || el.getClientRects().length === 0) continue;
      if (el.closest('pre, code, .visually-hidden')) continue;
      // The text's own box and those up to the one that sets it apart (a scrolling table further out is not
      // cutting it off).
      const apart = el.closest<HTMLElement>('[dir="auto"], bdi');
      let cutOff = 0;
      for (let box: HTMLElement | null = el; box; box = box === apart ? null : box.parentElement) {
        const style = getComputedStyle(box);
        if (style.overflowX !== 'visible' || style.textOverflow === 'ellipsis')
          cutOff = Math.max(cutOff, box.scrollWidth - box.clientWidth);
        if (!apart) break;
      }
      const name = (e: Element | null) =>
        e ? `${e.tagName.toLowerCase()}${Array.from(e.classList, (c) => `.${c}`).join('')}` : '';
      found.push({
        text,
        where: `${name(el.closest('section'))} ${el.closest('section')?.getAttribute('aria-labelledby') ?? ''} > ${name(el.parentElement)} > ${name(el)}`,
        isolated: apart !== null,
        direction: getComputedStyle(el).direction,
        cutOff,
      });
    }
    return found;
  }, script);
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
        await localeScreenshot(page, 'sw', `1024-case-${kind}-${account}`);
        const { pageOverflow, clipped } = await layoutProblems(page);
        expect(clipped, 'text cut off').toEqual([]);
        expect(pageOverflow, 'the page scrolls sideways').toBeLessThanOrEqual(1);
      }
    });
  }

  it('names and addresses in Arabic, Cyrillic and Chinese: each set apart with dir="auto" (Arabic right to left), shown whole', async () => {
    const page = await suite.signIn('reviewer', {
      from: '/login',
      language: 'sw',
      locale: 'sw',
      viewport: { width: 1024, height: 768 },
    });
    const people = await listSessions(page, 'kind=user&limit=100');
    for (const [script, re] of Object.entries(SCRIPTS)) {
      const person = people.find((p) => re.test(p.full_name ?? ''));
      expect(person, `a seeded person whose name is in ${script}`).toBeDefined();
      await openCase(page, person!.session_id);
      await page.locator('.evidence-grid > section').first().waitFor();
      await page.locator('.case-subject').waitFor();
      await localeScreenshot(page, 'sw', `1024-case-${script}-name`);
      const texts = await textsIn(page, re.source);
      expect(texts.map((t) => t.text)).toContain(person!.full_name);
      expect(
        texts.filter((t) => !t.isolated),
        `${script} text not set apart`,
      ).toEqual([]);
      expect(
        texts.filter((t) => t.cutOff > 1),
        `${script} text cut off`,
      ).toEqual([]);
      if (script === 'arabic') expect(new Set(texts.map((t) => t.direction))).toEqual(new Set(['rtl']));
    }
  });
});
