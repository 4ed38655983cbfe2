import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import en from '../../web/src/i18n/messages/en/queue.json' with { type: 'json' };
import sw from '../../web/src/i18n/messages/sw/queue.json' with { type: 'json' };
import { apiAs, browserAvailable, browserSuite, textsOf, waitForQueueRows } from '../support/suite.ts';
import { nextQueueAnswer, rowIds, saveView, sortOf } from './queue.page.ts';

/**
 * Issue 12, the queue: sortable column headers (server-side, in the URL), a column menu, saved views that
 * keep filters, sort and columns, and a clear "no next case" when every In Review case is taken.
 * Issue 18: its headers, tabs and the second reviewer's view come from the catalogs, and a change of
 * language in the account menu changes them at once (no reload), to the Kiswahili catalog's words.
 */
const run = browserAvailable();

/** The header texts of a table, without the empty header of the selection column. */
const headers = async (page: Page, testId: string) =>
  (await textsOf(page.getByTestId(testId).locator('thead th'))).filter(Boolean);
const headerTexts = (page: Page) => headers(page, 'queue-table');

type Catalog = Record<string, string>;
const COLUMNS = ['subject', 'kind', 'status', 'findings', 'workflow', 'assigned_to', 'created', 'last_event'];
const AWAITING = ['case', 'decision', 'by', 'since', 'why', 'comment'];

const tabs = (page: Page) => textsOf(page.getByRole('tablist').getByRole('tab'));

const sorted = (values: string[], dir: 'asc' | 'desc') =>
  values.every((v, i) => i === 0 || (dir === 'asc' ? values[i - 1]! <= v : values[i - 1]! >= v));

describe.skipIf(!run)('queue: sorting by header, columns, saved views, next case, both languages', () => {
  const suite = browserSuite({ seed: { minimum: 5 } });

  /** A person in a fresh browser context (no cookies, no URL state), signed in from `/`, on the queue. */
  const open = (who: 'reviewer' | 'reviewer2', language: 'en' | 'sw' = 'en') =>
    suite.signIn(who, { language, locale: language });

  it('headers, tabs and the awaiting view switch from English to the Kiswahili catalog with the language', async () => {
    // reviewer2: the language chosen here is kept for that person, and the other tests read English.
    const page = await open('reviewer2');
    await waitForQueueRows(page);
    const english = en as Catalog;
    const swahili = sw as Catalog;
    const want = (c: Catalog) => COLUMNS.map((id) => c[`columns.h.${id}`]);
    await expect.poll(() => headers(page, 'queue-table')).toEqual(expect.arrayContaining(want(english)));

    await page.getByTestId('account-button').click();
    await page.getByTestId('language-sw').click();
    await expect.poll(() => headers(page, 'queue-table')).toEqual(expect.arrayContaining(want(swahili)));
    const shown = await headers(page, 'queue-table');
    for (const id of COLUMNS) expect(shown).not.toContain(english[`columns.h.${id}`]);
    expect(page.url()).toContain('/queue');

    await expect
      .poll(() => tabs(page))
      .toEqual([
        swahili['tabs.review'],
        swahili['tabs.imported'],
        swahili['tabs.all'],
        expect.stringMatching(/^Zinasubiri uthibitisho wangu( \(\d+\))?$/),
      ]);
    await page.getByRole('tab', { name: swahili['tabs.all'] }).waitFor();
    await page.getByRole('tab', { name: /^Zinasubiri uthibitisho wangu/ }).click();
    await page.getByTestId('awaiting-table').waitFor();
    expect(await headers(page, 'awaiting-table')).toEqual(AWAITING.map((k) => swahili[`awaiting.h.${k}`]));
    await page.getByText(swahili['awaiting.empty']!).waitFor();
  });

  it('a header click sorts on the server, toggles the order, and works from the keyboard', async () => {
    const page = await open('reviewer');
    await page.goto('/queue?tab=all');
    await waitForQueueRows(page);
    // The All tab starts newest first: the Age column shows the youngest first (ascending age).
    expect(await sortOf(page, 'Age')).toBe('ascending');
    expect(await sortOf(page, 'Last event')).toBe('none');
    // A column the queue cannot sort by has no sort button (queue-sort.test.ts sorts the others).
    expect(await sortOf(page, 'Kind')).toBeNull();
    await expect(page.getByRole('columnheader', { name: 'Kind' }).getByRole('button').count()).resolves.toBe(
      0,
    );

    const header = (name: string) => page.getByRole('columnheader', { name }).getByRole('button');
    /** One sort step: the request it makes, the server's order, the header's aria-sort, the rows shown. */
    const step = async (
      column: string,
      want: Record<string, string>,
      field: 'created_at' | 'last_event_at',
      aria: 'ascending' | 'descending',
      act: () => Promise<unknown>,
    ) => {
      const answer = await nextQueueAnswer(page, want, act);
      const dir = want.order === 'oldest' ? 'asc' : 'desc';
      expect(
        sorted(
          answer.items.map((i) => i[field]),
          dir,
        ),
      ).toBe(true);
      await expect.poll(() => sortOf(page, column)).toBe(aria);
      await expect.poll(() => rowIds(page)).toEqual(answer.items.map((i) => i.session_id));
      expect(new URL(page.url()).searchParams.get('order')).toBe(want.order);
    };
    await step('Age', { order: 'oldest' }, 'created_at', 'descending', () => header('Age').click());
    const byEvent = { sort: 'last_event', order: 'oldest' };
    await step('Last event', byEvent, 'last_event_at', 'descending', () => header('Last event').click());
    expect(await sortOf(page, 'Age')).toBe('none');
    // Keyboard: the header button takes focus and Enter flips the order.
    await step('Last event', { ...byEvent, order: 'newest' }, 'last_event_at', 'ascending', async () => {
      await header('Last event').focus();
      await page.keyboard.press('Enter');
    });
  });

  it('hides columns from the column menu; a saved view restores columns, sort and rows in a fresh browser', async () => {
    const page = await open('reviewer');
    await page.goto('/queue?tab=all&sort=last_event&order=oldest');
    await waitForQueueRows(page);
    await page.getByTestId('columns-menu').click();
    const workflow = page.getByRole('menuitemcheckbox', { name: 'Workflow' });
    expect(await workflow.getAttribute('aria-checked')).toBe('true');
    await workflow.click();
    await expect.poll(() => workflow.getAttribute('aria-checked')).toBe('false');
    await page.keyboard.press('Escape');
    await expect.poll(() => headerTexts(page)).not.toContain('Workflow');
    expect(new URL(page.url()).searchParams.get('hide')).toBe('workflow');
    const headers = await headerTexts(page);
    expect(headers).toContain('Findings');

    const view = await saveView(page, 'Oldest activity, no workflow');
    expect(view.columns).not.toContain('workflow');
    expect(view.columns).toContain('findings');
    expect(view.query).not.toContain('hide');

    // The same person in a fresh browser (no URL state), applies the view.
    const fresh = await open('reviewer');
    await fresh.goto('/queue');
    await waitForQueueRows(fresh);
    expect(await headerTexts(fresh)).toContain('Workflow');
    const applied = await nextQueueAnswer(fresh, { sort: 'last_event', order: 'oldest' }, () =>
      fresh.getByTestId('saved-view').selectOption({ label: 'Oldest activity, no workflow' }),
    );
    expect(applied.params.get('sort')).toBe('last_event');
    expect(applied.params.get('order')).toBe('oldest');
    await expect.poll(() => headerTexts(fresh)).toEqual(headers);
    expect(await sortOf(fresh, 'Last event')).toBe('descending');
    const url = new URL(fresh.url());
    expect(url.searchParams.get('hide')).toBe('workflow');
    // The same rows as where it was saved (same query, same data).
    const [there, here] = await Promise.all([
      nextQueueAnswer(page, { sort: 'last_event', order: 'oldest' }, () => page.reload()),
      Promise.resolve(applied),
    ]);
    expect(here.items.map((i) => i.session_id)).toEqual(there.items.map((i) => i.session_id));
    await expect.poll(() => rowIds(fresh)).toEqual(applied.items.map((i) => i.session_id));
  });

  it('"Next case" with no free case says so in English and in Kiswahili, and the button stays usable', async () => {
    // Another reviewer takes every free In Review case (assigned to and claimed by them).
    const taker = await open('reviewer2');
    for (let i = 0; i < 500; i++) {
      const r = await apiAs(taker, 'POST', '/api/review/next');
      if (r.status === 404) {
        expect(r.body.error.code).toBe('NO_NEXT_CASE');
        break;
      }
      expect(r.status).toBe(200);
    }
    for (const [locale, none, button] of [
      ['en', 'No case is waiting.', 'Next case'],
      ['sw', 'Hakuna kesi inayosubiri.', 'Kesi inayofuata'],
    ] as const) {
      const page = await open('reviewer', locale);
      await waitForQueueRows(page);
      const [answer] = await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname === '/api/review/next'),
        page.getByTestId('next-case').click(),
      ]);
      expect(answer.status()).toBe(404);
      const status = page.getByTestId('next-case-none');
      await status.getByText(none).waitFor();
      expect(await status.getAttribute('role')).toBe('status');
      expect(new URL(page.url()).pathname).toBe('/queue');
      const next = page.getByTestId('next-case');
      await expect.poll(() => next.textContent()).toBe(button);
      expect(await next.isEnabled()).toBe(true);
    }
  });
});
