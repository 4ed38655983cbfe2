import { describe, expect, it } from 'vitest';
import { browserAvailable, browserSuite, waitForQueueRows } from '../support/suite.ts';

/**
 * A first load is a chain of round trips only where one answer is needed to ask the next question. The
 * queue needs the catalog to render at all; everything it and the shell then ask for must already be on
 * its way (prefetched once `/api/auth/me` has answered, app/preload.ts), and the first render with the
 * catalog shows the page, not a "who are you" spinner (the user was known before the catalog arrived).
 * The catalog is withheld here, so neither holds only because the machine was fast.
 */
const run = browserAvailable();

/** The GETs a reviewer's queue and shell make on a first load, besides the session list itself. */
const AFTER_SIGN_IN = [
  '/api/meta',
  '/api/review/mine?limit=20',
  '/api/views',
  '/api/review/reviewers',
  '/api/review/awaiting-me?limit=200',
];

describe.skipIf(!run)('first load of the queue', () => {
  const suite = browserSuite();

  /** A signed-in reviewer's browser context in which every request matching `held` waits for `release()`. */
  async function reviewerHolding(held: RegExp) {
    const signedIn = await suite.signIn('reviewer');
    const context = signedIn.context();
    await signedIn.close();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    await context.route(held, async (route) => {
      await gate;
      await route.continue();
    });
    return { context, release };
  }

  it('asks for the shell and page data before the catalog arrives, and renders the queue without a spinner first', async () => {
    // Routing also turns the HTTP cache off: the catalog comes through here even though sign-in loaded it.
    const { context, release } = await reviewerHolding(/\/assets\/(en|sw)-[^/]*\.js$/);
    // Whether the full-page spinner (signed-in state unknown) was ever shown.
    await context.addInitScript(() => {
      const w = window as unknown as { spinnerShown: boolean };
      w.spinnerShown = false;
      new MutationObserver(() => {
        if (document.querySelector('.full-page')) w.spinnerShown = true;
      }).observe(document, { subtree: true, childList: true });
    });

    const page = await context.newPage();
    const all = Promise.all(
      AFTER_SIGN_IN.map((path) =>
        page.waitForRequest(
          (r) => {
            const url = new URL(r.url());
            return url.pathname + url.search === path;
          },
          { timeout: 20_000 },
        ),
      ),
    );
    await page.goto('/queue?status=In%20Review', { waitUntil: 'commit' });
    try {
      // Before the fix these waited for a render, which waits for the catalog: they never came.
      await all;
      expect(await page.locator('#root').innerHTML()).toBe('');
    } finally {
      release();
    }
    await waitForQueueRows(page);
    expect(await page.evaluate(() => (window as unknown as { spinnerShown: boolean }).spinnerShown)).toBe(
      false,
    );
    await context.close();
  });

  it('fetches the English catalog beside the entry, not after the entry has run', async () => {
    // The entry is held back: nothing the entry does can ask for the catalog until it is released.
    const { context, release } = await reviewerHolding(/\/assets\/index-[^/]*\.js$/);
    const page = await context.newPage();
    const catalog = page.waitForRequest((r) => /\/assets\/en-[^/]*\.js$/.test(new URL(r.url()).pathname), {
      timeout: 20_000,
    });
    await page.goto('/queue?status=In%20Review', { waitUntil: 'commit' });
    try {
      // Before index.html named it (a modulepreload), only the entry's import() asked for it.
      await catalog;
    } finally {
      release();
    }
    await waitForQueueRows(page);
    await context.close();
  });
});
