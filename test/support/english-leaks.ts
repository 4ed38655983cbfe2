import type { Page } from 'playwright-core';
import { catalog } from './i18n.ts';

/** The words of a message, without ICU argument names and keywords (`{count, plural, one {…}}`). */
function wordsOf(message: string): string[] {
  const text = message
    .replace(/\{\s*[\w.]+\s*(,\s*\w+\s*)?(,|\})/g, ' ')
    .replace(/\b(plural|select|selectordinal|other|one|zero|few|many)\s*\{/g, ' ')
    .replace(/<\/?\w+>/g, ' ');
  return tokens(text);
}

function tokens(text: string): string[] {
  return text
    .split(/[\s/(),.:;!?“”"'‘’«»…·|+=*[\]{}<>]+/)
    .filter((token) => token && !/[\d@_-]/.test(token))
    .map((token) => token.toLowerCase())
    .filter((token) => /^\p{L}{2,}$/u.test(token));
}

export interface EnglishDetector {
  /** The English-only words found in `text` when every word of it is one, else `undefined`. */
  english(text: string): string | undefined;
  /** The prefix Kiswahili puts before Didit's raw value on hover. */
  rawValuePrefix: string;
}

/**
 * Finds English left on a page shown in Kiswahili (issue 18: every visible string from the catalogs).
 *
 * The words that betray English are the ones the English catalog uses and the Kiswahili catalog does not
 * (`review`, `status`, `kind`…): loan words both use (`Didit`, `AML`, `KYC`) do not count. A piece of text is
 * English when every word in it is such a word. People's data does not trip it: a token holding a digit,
 * `@`, `_` or `-` (ids, e-mails, raw codes) is not a word, and text inside `dir="auto"` (names, addresses,
 * other people's text), monospace identifiers and an audit entry's recorded values (`del`/`ins`) is skipped. Didit's raw value shown on hover (`didit.raw_value`) is Didit's own
 * vocabulary, kept on purpose, so its value part is skipped too.
 */
export function englishDetector(): EnglishDetector {
  const en = catalog('en');
  const sw = catalog('sw');
  const swWords = new Set(Object.values(sw).flatMap(wordsOf));
  const englishOnly = new Set(
    Object.values(en)
      .flatMap(wordsOf)
      .filter((word) => !swWords.has(word)),
  );
  const rawValue = sw['didit.raw_value'] ?? '';
  return {
    english(text) {
      const words = tokens(text);
      if (words.length === 0 || !words.every((word) => englishOnly.has(word))) return undefined;
      return words.join(' ');
    },
    rawValuePrefix: rawValue.slice(0, rawValue.indexOf('{')),
  };
}

/** Visible text and the accessible text of attributes (aria-label, title, placeholder, alt) on the page. */
function visibleTexts(page: Page, rawValuePrefix: string): Promise<string[]> {
  return page.evaluate((prefix) => {
    const shown = (el: Element) => {
      // People's text, identifiers (set in monospace), recorded values (an audit entry's before → after)
      // and keys shown as keys are data, not the console's words.
      if (el.closest('[dir="auto"], bdi, [aria-hidden="true"], .mono, del, ins, code, kbd')) return false;
      const style = getComputedStyle(el);
      return style.visibility !== 'hidden' && style.display !== 'none' && el.getClientRects().length > 0;
    };
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim();
      const parent = node.parentElement;
      if (text && parent && !['SCRIPT', 'STYLE'].includes(parent.tagName) && shown(parent)) found.push(text);
    }
    for (const el of Array.from(
      document.body.querySelectorAll('[aria-label], [title], [placeholder], [alt]'),
    )) {
      if (!shown(el)) continue;
      for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
        const value = el.getAttribute(name)?.trim();
        if (!value) continue;
        found.push(prefix && value.startsWith(prefix) ? prefix : value);
      }
    }
    return found;
  }, rawValuePrefix);
}

/** Every piece of English on the page, quoted, each once, for a readable failure. */
export async function englishOn(page: Page, detector: EnglishDetector): Promise<string[]> {
  const leaks = new Set<string>();
  for (const text of await visibleTexts(page, detector.rawValuePrefix)) {
    // Numbers folded, so "Select session 1003" and "… 1006" are one finding.
    if (detector.english(text)) leaks.add(JSON.stringify(text.replace(/\d+/g, '#')));
  }
  return [...leaks];
}
