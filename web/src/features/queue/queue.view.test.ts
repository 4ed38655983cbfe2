import { beforeAll, describe, expect, it } from 'vitest';
import { installTestCatalog } from '../../i18n/testing.ts';
import { queueSearchSchema } from './queue.search.ts';
import { dateRangeError, emptyMessage, formatTotal } from './queue.view.ts';

beforeAll(() => installTestCatalog('en'));

const search = (over: Record<string, string> = {}) => queueSearchSchema.parse(over);

describe('formatTotal', () => {
  it.each([
    [{ count: 0, exact: true }, '0 sessions'],
    [{ count: 1, exact: true }, '1 session'],
    [{ count: 987, exact: true }, '987 sessions'],
    [{ count: 1001, exact: false }, '~1,000 sessions'],
    [{ count: 1_234_567, exact: false }, '~1,200,000 sessions'],
  ])('%o → %s', (total, text) => expect(formatTotal(total)).toBe(text));
});

describe('dateRangeError', () => {
  it.each([
    ['', '', null],
    ['2026-11-01', '', null],
    ['2026-11-01', '2026-11-01', null],
    ['2026-11-01', '2026-12-01', null],
    ['2026-12-02', '2026-12-01', 'From must be on or before To.'],
  ])('%s..%s', (from, to, error) => expect(dateRangeError(from, to)).toBe(error));
});

describe('emptyMessage', () => {
  it('says nothing is assigned to me, not that no case is waiting', () => {
    expect(emptyMessage(search({ assigned: 'me' }))).toBe(
      'Nothing is assigned to you. Claim a case to see it here.',
    );
  });
  it('names the search or the filters that emptied the list', () => {
    expect(emptyMessage(search({ q: 'zzz' }))).toBe('No session matches “zzz”.');
    expect(emptyMessage(search({ kind: 'business' }))).toBe('No session matches these filters.');
  });
  it('says no case is waiting only when nothing filters the In Review tab', () => {
    expect(emptyMessage(search())).toBe('No case is waiting for review.');
    expect(emptyMessage(search({ tab: 'all' }))).toBe('No session yet.');
  });
});

describe('in Kiswahili', () => {
  it('counts, explains an empty list and refuses a reversed range in the Kiswahili catalog', () => {
    installTestCatalog('sw');
    try {
      expect(formatTotal({ count: 1, exact: true })).toBe('Kipindi 1');
      expect(formatTotal({ count: 1001, exact: false })).toBe('Vipindi ~1,000');
      expect(emptyMessage(search())).toBe('Hakuna kesi inayosubiri kukaguliwa.');
      expect(dateRangeError('2026-12-02', '2026-12-01')).toBe(
        'Kuanzia lazima iwe kabla ya Hadi au siku hiyo hiyo.',
      );
    } finally {
      installTestCatalog('en');
    }
  });
});
