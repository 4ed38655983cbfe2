import { describe, expect, it } from 'vitest';
import {
  effectiveOrder,
  hiddenColumns,
  hideParam,
  queueSearchSchema,
  sortDescending,
  toggleSort,
  visibleColumns,
} from './queue.search.ts';

const search = (over: Record<string, string> = {}) => queueSearchSchema.parse(over);

describe('toggleSort (a click on a sortable header)', () => {
  it('flips the order when the column already sorts, starting from the tab default', () => {
    expect(toggleSort(search(), 'created')).toEqual({ sort: '', order: 'newest', cursor: '' });
    expect(toggleSort(search({ tab: 'all' }), 'created')).toEqual({ sort: '', order: 'oldest', cursor: '' });
    expect(toggleSort(search({ sort: 'last_event', order: 'newest' }), 'last_event')).toEqual({
      sort: 'last_event',
      order: 'oldest',
      cursor: '',
    });
  });
  it('keeps the order when another column starts sorting, and drops the page position', () => {
    expect(toggleSort(search({ order: 'newest', cursor: 'abc' }), 'last_event')).toEqual({
      sort: 'last_event',
      order: 'newest',
      cursor: '',
    });
  });
  it('an unknown sort in the URL falls back to the default', () => {
    expect(search({ sort: 'name' }).sort).toBe('');
    expect(search({ sort: 'findings' }).sort).toBe('findings');
  });
  it('a column that is not a time starts in its own order: names, numbers, statuses up; findings most first', () => {
    const review = search({ order: 'newest' });
    expect(toggleSort(review, 'subject')).toEqual({ sort: 'subject', order: 'oldest', cursor: '' });
    expect(toggleSort(review, 'number')).toEqual({ sort: 'number', order: 'oldest', cursor: '' });
    expect(toggleSort(review, 'status')).toEqual({ sort: 'status', order: 'oldest', cursor: '' });
    expect(toggleSort(search(), 'findings')).toEqual({ sort: 'findings', order: 'newest', cursor: '' });
    // Then a second click flips it, and back to Age takes the tab's own order.
    expect(toggleSort(search({ sort: 'subject', order: 'oldest' }), 'subject').order).toBe('newest');
    expect(toggleSort(search({ tab: 'all', sort: 'findings', order: 'oldest' }), 'created')).toEqual({
      sort: '',
      order: 'newest',
      cursor: '',
    });
  });
  it('without an order in the URL, a column sorts in its first order (a saved or typed URL)', () => {
    expect(effectiveOrder(search({ sort: 'findings' }))).toBe('newest');
    expect(effectiveOrder(search({ sort: 'subject', tab: 'all' }))).toBe('oldest');
    expect(effectiveOrder(search({ tab: 'all' }))).toBe('newest');
  });
});

describe('sortDescending (the header’s aria-sort)', () => {
  it('an age column descends when the oldest come first; any other column descends with its key', () => {
    expect(sortDescending(search())).toBe(true);
    expect(sortDescending(search({ sort: 'last_event', order: 'newest' }))).toBe(false);
    expect(sortDescending(search({ sort: 'subject' }))).toBe(false);
    expect(sortDescending(search({ sort: 'number', order: 'newest' }))).toBe(true);
    expect(sortDescending(search({ sort: 'findings' }))).toBe(true);
  });
});

describe('hidden and visible columns', () => {
  it('keeps known hideable ids only, in the columns’ order', () => {
    expect(hiddenColumns(search({ hide: 'last_event,salary,number,workflow' }))).toEqual([
      'workflow',
      'last_event',
    ]);
    expect(search({ hide: '<script>' }).hide).toBe('');
  });
  it('round-trips between the URL’s hidden columns and a view’s visible ones', () => {
    const visible = visibleColumns(search({ hide: 'findings,workflow' }));
    expect(visible).not.toContain('findings');
    expect(visible).toContain('number');
    expect(hideParam(visible)).toBe('findings,workflow');
    expect(hideParam(visibleColumns(search()))).toBe('');
  });
});
