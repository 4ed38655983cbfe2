import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, browserSuite, waitForQueueRows } from '../support/suite.ts';
import { nextQueueAnswer, type QueueItem, rowIds, saveView, sortButton, sortOf } from './queue.page.ts';

/**
 * Issue 12: the queue sorts by the columns a reviewer sorts by — session number, subject, status, findings —
 * from their headers (buttons with `aria-sort`, the mouse or the keyboard), on the server, in the URL, and in
 * a saved view.
 */

/** Each key in order, rows without the first key last (what the API promises, queue-sort.sql.ts). */
function inOrder(items: QueueItem[], key: (i: QueueItem) => (number | string)[] | null, dir: 'asc' | 'desc') {
  const keys = items.map(key);
  const firstNull = keys.indexOf(null);
  if (firstNull >= 0 && keys.slice(firstNull).some((k) => k !== null)) return false;
  const keyed = keys.filter((k): k is (number | string)[] => k !== null);
  return keyed.every((k, i) => {
    if (i === 0) return true;
    const prev = keyed[i - 1]!;
    const c = prev.findIndex((v, j) => v !== k[j]);
    if (c < 0) return true;
    return dir === 'asc' ? prev[c]! < k[c]! : prev[c]! > k[c]!;
  });
}

const findings = (i: QueueItem) => [i.aml_unreviewed_hits, i.warning_counts.error, i.warning_counts.warning];

describe.skipIf(!browserAvailable())('queue: sorting by the columns a reviewer sorts by', () => {
  const suite = browserSuite({ seed: { minimum: 5, settleMs: 0 } });
  let page: Page;
  beforeAll(async () => {
    page = await suite.signIn('reviewer');
    await page.goto('/queue?tab=all');
    await waitForQueueRows(page);
  });

  /** A header press: the request it makes, the rows shown are the answer's, the header says the order. */
  async function press(
    column: string,
    want: Record<string, string>,
    aria: 'ascending' | 'descending',
    act?: () => Promise<unknown>,
  ) {
    const before = await rowIds(page);
    const answer = await nextQueueAnswer(page, want, act ?? (() => sortButton(page, column).click()));
    await expect.poll(() => rowIds(page)).toEqual(answer.items.map((i) => i.session_id));
    await expect.poll(() => sortOf(page, column)).toBe(aria);
    const url = new URL(page.url()).searchParams;
    for (const [k, v] of Object.entries(want)) expect([k, url.get(k)]).toEqual([k, v]);
    return { before, items: answer.items };
  }

  it('the session number header sorts up, then down, and the rows change order', async () => {
    expect(await sortOf(page, 'Age')).toBe('ascending');
    const up = await press('#', { sort: 'number', order: 'oldest' }, 'ascending');
    expect(up.items.map((i) => i.session_id)).not.toEqual(up.before);
    expect(inOrder(up.items, (i) => (i.session_number === null ? null : [i.session_number]), 'asc')).toBe(
      true,
    );
    expect(await sortOf(page, 'Age')).toBe('none');
    const down = await press('#', { sort: 'number', order: 'newest' }, 'descending');
    expect(down.items.map((i) => i.session_id)).not.toEqual(up.items.map((i) => i.session_id));
    expect(inOrder(down.items, (i) => (i.session_number === null ? null : [i.session_number]), 'desc')).toBe(
      true,
    );
  });

  it('findings sort the most telling first: open AML hits, then errors, then warnings', async () => {
    const { items } = await press('Findings', { sort: 'findings', order: 'newest' }, 'descending');
    expect(inOrder(items, findings, 'desc')).toBe(true);
    expect(items[0]!.aml_unreviewed_hits).toBe(Math.max(...items.map((i) => i.aml_unreviewed_hits)));
  });

  it('status and subject sort from the keyboard; subjects without a name come last', async () => {
    const status = await press('Status', { sort: 'status', order: 'oldest' }, 'ascending', async () => {
      await sortButton(page, 'Status').focus();
      await page.keyboard.press('Enter');
    });
    expect(inOrder(status.items, (i) => (i.status_key === null ? null : [i.status_key]), 'asc')).toBe(true);
    const subject = await press('Subject', { sort: 'subject', order: 'oldest' }, 'ascending', async () => {
      await sortButton(page, 'Subject').focus();
      await page.keyboard.press(' ');
    });
    const named = subject.items.findIndex((i) => i.full_name === null);
    if (named >= 0) expect(subject.items.slice(named).every((i) => i.full_name === null)).toBe(true);
  });

  it('the sort is in the URL: a reload and a saved view bring it back', async () => {
    await press('Findings', { sort: 'findings', order: 'newest' }, 'descending');
    const shown = await rowIds(page);
    await nextQueueAnswer(page, { sort: 'findings', order: 'newest' }, () => page.reload());
    await expect.poll(() => sortOf(page, 'Findings')).toBe('descending');
    await expect.poll(() => rowIds(page)).toEqual(shown);

    const view = await saveView(page, 'Most findings first');
    expect(new URLSearchParams(view.query).get('sort')).toBe('findings');

    const fresh = await suite.signIn('reviewer');
    await waitForQueueRows(fresh);
    const applied = await nextQueueAnswer(fresh, { sort: 'findings', order: 'newest' }, () =>
      fresh.getByTestId('saved-view').selectOption({ label: 'Most findings first' }),
    );
    expect(inOrder(applied.items, findings, 'desc')).toBe(true);
    await expect.poll(() => sortOf(fresh, 'Findings')).toBe('descending');
  });
});
