import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { apiAs, queueRows } from '../support/suite.ts';

/** What the queue browser tests do on the queue page (queue-day, queue-sort). */

/** One row of `GET /api/sessions` as the sort tests read it. */
export interface QueueItem {
  session_id: string;
  session_number: number | null;
  full_name: string | null;
  status_key: string | null;
  warning_counts: { error: number; warning: number; information: number };
  aml_unreviewed_hits: number;
  created_at: string;
  last_event_at: string;
}

/**
 * The next `/api/sessions` answer asking for `want` (the queue also polls the query it shows, so an answer
 * to the old query can arrive after the click).
 */
export async function nextQueueAnswer(page: Page, want: Record<string, string>, act: () => Promise<unknown>) {
  const [res] = await Promise.all([
    page.waitForResponse((r) => {
      const u = new URL(r.url());
      return (
        u.pathname === '/api/sessions' &&
        r.status() === 200 &&
        Object.entries(want).every(([k, v]) => u.searchParams.get(k) === v)
      );
    }),
    act(),
  ]);
  const url = new URL(res.url());
  const body = (await res.json()) as { items: QueueItem[]; next_cursor: string | null };
  return { params: url.searchParams, items: body.items, nextCursor: body.next_cursor };
}

/** The session ids of the queue table's rows, in the order shown. */
export const rowIds = (page: Page) =>
  queueRows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-row-id')));

/** A column header's `aria-sort` (null: the column does not sort). */
export const sortOf = (page: Page, name: string) =>
  page.getByRole('columnheader', { name, exact: true }).getAttribute('aria-sort');

/** A column header's sort button. */
export const sortButton = (page: Page, name: string) =>
  page.getByRole('columnheader', { name, exact: true }).getByRole('button');

/** Saves what the queue shows as a view named `name` (the Save view dialog) and returns it as the API keeps it. */
export async function saveView(page: Page, name: string): Promise<{ query: string; columns: string[] }> {
  await page.getByTestId('save-view').click();
  await page.getByTestId('view-name').fill(name);
  await page.getByTestId('view-save-submit').click();
  await expect.poll(() => page.getByTestId('saved-view').inputValue()).not.toBe('');
  const views = await apiAs(page, 'GET', '/api/views');
  return views.body.items.find((v: { name: string }) => v.name === name);
}
