import { describe, expect, it } from 'vitest';
import { apiAs, browserAvailable, browserSuite } from '../support/suite.ts';

/**
 * Issue 12, "what mature consoles give", the queue side: next case, assignment, saved views and sorting,
 * bulk actions, the entity-status filter and the dashboard, each driven from `/` in a fresh profile.
 */
const run = browserAvailable();

describe.skipIf(!run)('the queue a compliance team runs its day in', () => {
  const suite = browserSuite({ seed: { minimum: 5, settleMs: 0 } });
  const pages = suite.signedIn({ reviewer: 'reviewer', second: 'reviewer2' });

  it('"Next case" opens the oldest free In Review case, assigned to and claimed by me', async () => {
    const free = await apiAs(
      pages.reviewer,
      'GET',
      '/api/sessions?status=In%20Review&assigned=none&order=oldest&limit=2',
    );
    const [oldest, after] = free.body.items.map((i: { session_id: string }) => i.session_id);
    await pages.reviewer.getByTestId('next-case').click();
    await pages.reviewer.waitForURL(new RegExp(`/sessions/${oldest}`));
    await pages.reviewer.getByTestId('claim-bar').getByText('You hold this case').waitFor();

    // The second reviewer, at the same moment, gets the next one, not the same.
    await pages.second.getByTestId('next-case').click();
    await pages.second.waitForURL(new RegExp(`/sessions/${after}`));

    const mine = await apiAs(pages.reviewer, 'GET', '/api/sessions?status=In%20Review&assigned=me');
    expect(mine.body.items.map((i: { session_id: string }) => i.session_id)).toEqual([oldest]);
    expect(mine.body.items[0].assigned_to.name).toBe(mine.body.items[0].assignee.name);
  });

  it('bulk: assigns what it may and reports, by number, the case someone else holds', async () => {
    // The second reviewer takes a case; the next free one is picked beside it.
    const taken = await apiAs(pages.second, 'POST', '/api/review/next');
    const held = (await apiAs(pages.second, 'GET', `/api/sessions/${taken.body.session_id}`)).body.session;
    const free = (
      await apiAs(pages.reviewer, 'GET', '/api/sessions?status=In%20Review&assigned=none&limit=1')
    ).body.items[0];
    await pages.reviewer.goto('/queue?tab=review');
    for (const row of [held, free]) {
      await pages.reviewer
        .getByRole('checkbox', { name: `Select session ${row.session_number}`, exact: true })
        .check();
    }
    await pages.reviewer.getByTestId('bulk-assign').selectOption({ label: 'Rui Reviewer' });
    const results = pages.reviewer.getByTestId('bulk-results');
    await results.getByText('1 case done, 1 refused.').waitFor();
    await results.getByText(`#${held.session_number}:`).waitFor();
    const mine = await apiAs(pages.reviewer, 'GET', '/api/sessions?status=In%20Review&assigned=me');
    const ids = mine.body.items.map((i: { session_id: string }) => i.session_id);
    expect(ids).toContain(free.session_id);
    expect(ids).not.toContain(held.session_id);
    await pages.reviewer.getByRole('cell', { name: 'Rui Reviewer' }).first().waitFor();
  });

  it('bulk: dismisses the open AML hits of several cases with one comment', async () => {
    const open = await apiAs(
      pages.reviewer,
      'GET',
      '/api/sessions?status=In%20Review&has_unreviewed_hits=true&assigned=none&limit=2',
    );
    const picked = open.body.items as { session_id: string; session_number: number }[];
    expect(picked).toHaveLength(2);
    await pages.reviewer.goto('/queue?tab=review&has_unreviewed_hits=true&assigned=none');
    for (const row of picked) {
      await pages.reviewer
        .getByRole('checkbox', { name: `Select session ${row.session_number}`, exact: true })
        .check();
    }
    await pages.reviewer.getByRole('button', { name: 'Dismiss AML hits…' }).click();
    await pages.reviewer.getByTestId('bulk-comment').fill('Name-only matches, different date of birth');
    await pages.reviewer.getByTestId('bulk-submit').click();
    await pages.reviewer.getByTestId('bulk-results').getByText('2 cases done, 0 refused.').waitFor();
    for (const row of picked) {
      const d = await apiAs(pages.reviewer, 'GET', `/api/sessions/${row.session_id}/aml-dispositions`);
      expect(d.body.items.length).toBeGreaterThan(0);
      for (const item of d.body.items) {
        expect(item.new_status).toBe('False Positive');
        expect(item.comment).toBe('Name-only matches, different date of birth');
      }
    }
  });

  it('saved views: filters and sort saved under a name, shared with the team, picked by a colleague', async () => {
    await pages.reviewer.goto('/queue?tab=all');
    const asked = pages.reviewer.waitForRequest((r) => {
      const u = new URL(r.url());
      return u.pathname === '/api/sessions' && u.searchParams.get('entity_status') === 'FLAGGED';
    });
    await pages.reviewer.getByTestId('entity-status-filter').selectOption('FLAGGED');
    await asked;
    const sorted = pages.reviewer.waitForRequest((r) => {
      const u = new URL(r.url());
      return u.searchParams.get('sort') === 'last_event' && u.searchParams.get('entity_status') === 'FLAGGED';
    });
    await pages.reviewer.getByTestId('sort-by').selectOption('last_event');
    await sorted;
    await pages.reviewer.getByTestId('save-view').click();
    await pages.reviewer.getByTestId('view-name').fill('Flagged people by last event');
    await pages.reviewer.getByRole('checkbox', { name: 'Share with the team' }).check();
    await pages.reviewer.getByTestId('view-save-submit').click();
    await expect.poll(() => pages.reviewer.getByTestId('saved-view').inputValue()).not.toBe('');

    await pages.second.goto('/queue?tab=review');
    await pages.second
      .getByTestId('saved-view')
      .selectOption({ label: 'Flagged people by last event (Rui Reviewer)' });
    await pages.second.waitForURL((u) => u.searchParams.get('entity_status') === 'FLAGGED');
    const url = new URL(pages.second.url());
    expect(url.searchParams.get('sort')).toBe('last_event');
    expect(url.searchParams.get('tab')).toBe('all');
  });
});
