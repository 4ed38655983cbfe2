import { describe, expect, it } from 'vitest';
import { hiddenColumns, hideParam, queueSearchSchema, toggleSort, visibleColumns } from './queue.search.ts';

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
