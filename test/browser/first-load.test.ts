import type { BrowserContext } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { reactCommitHook } from '../support/react-hook.ts';
import { browserAvailable, browserSuite, waitForQueueRows } from '../support/suite.ts';

/**
 * A first load is a chain of round trips only where one answer is needed to ask the next question. The
 * queue needs the catalog to render at all; the user and the rows must already be on their way before it
 * arrives (app/preload.ts), and the first render with the catalog shows the page, not a "who are you"
 * spinner (the user was known before the catalog arrived). What the first rows do not need waits until
 * they show, so it takes no connection, server time or render from them. The catalog, the rows or the
 * page's chunk is withheld in each test, so none of this holds only because the machine was fast.
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

/** The session list's first page, as the queue at `/queue?status=In Review` asks for it. */
const QUEUE_ROWS = '/api/sessions?status=In+Review&order=oldest&limit=50';
const pathOf = (url: string) => {
  const u = new URL(url);
  return u.pathname + u.search;
};

/**
 * Installed before the app: a stand-in React DevTools hook (React calls it on every commit, in production
 * too) that counts, up to the first queue row, commits showing a Suspense fallback (a fiber of tag 13 with
 * state), and keeps the total's text of the commit that first showed rows. A string: no helpers of the
 * test's compiler in the page.
 */
const COMMITS = `(() => {
  const seen = (window.__commits = { fallbacks: 0, withoutRows: 0, totalWithRows: null, done: false });
  const fallback = (f) => {
    for (; f; f = f.sibling) {
      if (f.tag === 13 && f.memoizedState !== null) return true;
      if (fallback(f.child)) return true;
    }
    return false;
  };
  ${reactCommitHook(`(root) => {
    if (seen.done) return;
    if (fallback(root.current)) seen.fallbacks++;
    const rows = document.querySelector('tbody tr[data-row-id]');
    if (!rows && document.querySelector('[data-testid=queue-table]')) seen.withoutRows++;
    if (rows) {
      seen.done = true;
      seen.totalWithRows = document.querySelector('[data-testid=queue-total]')?.textContent ?? null;
    }
  }`)}
})();`;

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

  /**
   * Opens the queue in a new page of `context` (where something is held) and checks that the sign-in check
   * and the rows are sent while nothing has rendered yet; then `release()`s and waits for the rows.
   */
  async function userAndRowsBeforeRender(context: BrowserContext, release: () => void) {
    const page = await context.newPage();
    const first = Promise.all(
      ['/api/auth/me', QUEUE_ROWS].map((path) =>
        page.waitForRequest((r) => pathOf(r.url()) === path, { timeout: 20_000 }),
      ),
    );
    await page.goto('/queue?status=In%20Review', { waitUntil: 'commit' });
    try {
      await first;
      expect(await page.locator('#root').innerHTML()).toBe('');
    } finally {
      release();
    }
    await waitForQueueRows(page);
    return page;
  }

  /**
   * A page of a reviewer's context with the rows' answer held (`release()`), the paths it requests in order,
   * and `shellUp()`: the page's chunk has arrived and the shell shows.
   */
  async function rowsHeld(initScript?: string) {
    const { context, release } = await reviewerHolding(/\/api\/sessions\?/);
    if (initScript) await context.addInitScript({ content: initScript });
    const page = await context.newPage();
    const sent: string[] = [];
    page.on('request', (r) => sent.push(pathOf(r.url())));
    const chunkIn = page.waitForResponse((r) => /\/assets\/QueuePage-[^/]*\.js$/.test(r.url()), {
      timeout: 20_000,
    });
    const shellUp = async () => {
      await chunkIn;
      await page.locator('main#main').waitFor();
    };
    return { context, release, page, sent, shellUp };
  }

  it('asks for the user and the rows before the catalog arrives, and renders the queue without a spinner first', async () => {
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

    // Before the prefetch the user and the rows waited for a render, which waits for the catalog.
    const page = await userAndRowsBeforeRender(context, release);
    expect(await page.evaluate(() => (window as unknown as { spinnerShown: boolean }).spinnerShown)).toBe(
      false,
    );
    await context.close();
  });

  it('sends the rows before the page chunks, and what the first rows do not need only after they show', async () => {
    // The rows' answer is held: the page's chunk arrives meanwhile.
    const { context, release, page, sent, shellUp } = await rowsHeld();
    const afterRows = Promise.all(
      [...AFTER_SIGN_IN, '/api/auth/config'].map((path) =>
        page.waitForRequest((r) => pathOf(r.url()) === path, { timeout: 20_000 }),
      ),
    );
    await page.goto('/queue?status=In%20Review', { waitUntil: 'commit' });
    try {
      await shellUp();
      // Over HTTP/1.1 a browser opens six connections to the console and the page's chunks are seven
      // requests: the rows' request, issued after them, waited for one (issue 12's slow cold loads).
      const rows = sent.indexOf(QUEUE_ROWS);
      const chunk = sent.findIndex((p) => /\/assets\/QueuePage-[^/]*\.js$/.test(p));
      expect(rows).toBeGreaterThanOrEqual(0);
      expect(chunk).toBeGreaterThan(rows);
      // The shell and the page's chunk are in, the rows are not: nothing else of the first load has gone
      // out. Before, these were sent once /api/auth/me answered, and their answers were rendered before the
      // rows.
      expect(sent.filter((p) => [...AFTER_SIGN_IN, '/api/auth/config'].includes(p))).toEqual([]);
    } finally {
      release();
    }
    await waitForQueueRows(page);
    await afterRows;
    await context.close();
  });

  it('shows the first rows without a Suspense fallback, with their total, in one commit', async () => {
    // The page's chunk is held until the shell has rendered, as on a slow cold load: before, React.lazy
    // suspended, the shell's Suspense showed its fallback, and React reveals content replacing a fallback
    // no sooner than 300 ms after it appeared (app/lazy-page.tsx).
    const { context, release } = await reviewerHolding(/\/assets\/QueuePage-[^/]*\.js$/);
    await context.addInitScript({ content: COMMITS });
    const page = await context.newPage();
    await page.goto('/queue?status=In%20Review', { waitUntil: 'commit' });
    try {
      await page.locator('main#main').waitFor();
    } finally {
      release();
    }
    await waitForQueueRows(page);
    const seen = await page.evaluate(
      () =>
        (window as unknown as { __commits: { fallbacks: number; totalWithRows: string | null } }).__commits,
    );
    expect(seen.fallbacks).toBe(0);
    // The total came in an effect's state, a second render of the 50 rows before the browser could paint.
    expect(seen.totalWithRows?.trim()).toMatch(/\d/);
    await context.close();
  });

  it('renders the queue page once, with its first rows, not empty and then again with them', async () => {
    // The rows' answer is held until the page's chunk has arrived and the shell is up: before, the page
    // then mounted around an empty table, fetched its rows in an effect (taking the prefetched answer) and
    // rendered all of it again with the 50 rows; each such render is main-thread time before the first row.
    const { context, release, page, sent, shellUp } = await rowsHeld(COMMITS);
    await page.goto('/queue?status=In%20Review', { waitUntil: 'commit' });
    try {
      await shellUp();
    } finally {
      release();
    }
    await waitForQueueRows(page);
    const seen = await page.evaluate(
      () => (window as unknown as { __commits: { withoutRows: number; done: boolean } }).__commits,
    );
    expect(seen.done).toBe(true);
    expect(seen.withoutRows).toBe(0);
    // The prefetched answer is the page's first data: the list was asked for once.
    expect(sent.filter((p) => p.startsWith('/api/sessions?'))).toEqual([QUEUE_ROWS]);
    await context.close();
  });

  it('does not scroll to the first row when the page renders with its rows', async () => {
    // A window so low that the table starts below the fold: the table scrolls to the active row when the
    // keyboard moves it, and did so on mount too once the page rendered with its rows (a forced layout
    // before the first paint, and a page that jumped).
    const signedIn = await suite.signIn('reviewer');
    const context = signedIn.context();
    await signedIn.close();
    const page = await context.newPage();
    await page.setViewportSize({ width: 1200, height: 240 });
    await page.goto('/queue?status=In%20Review');
    await waitForQueueRows(page);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    // The keyboard still brings the active row into view.
    await page.keyboard.press('j');
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
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
