import { beforeAll, describe, expect, it } from 'vitest';
import { installTestCatalog } from '../../i18n/testing.ts';
import { explainDrift } from './drift.ts';

beforeAll(() => installTestCatalog('en'));

const drift = (field: string, local_value: string | null, didit_value: string | null) => ({
  id: 1,
  session_id: '11111111-2222-3333-4444-555555555555',
  field,
  local_value,
  didit_value,
  detected_at: '2026-12-06T23:00:00.000Z',
});

describe('explainDrift', () => {
  it('says a status drift in words, both sides, and offers a fresh fetch', () => {
    const e = explainDrift(drift('status', 'In Review', 'APPROVED'));
    expect(e.text).toBe('The status here was “In Review”; Didit has “Approved”.');
    expect(e.refetch).toBe(true);
  });

  it('offers no fetch for a session Didit no longer has', () => {
    const e = explainDrift(drift('exists', 'true', 'false'));
    expect(e.text).toMatch(/^Didit no longer has this session/);
    expect(e.refetch).toBe(false);
  });

  it('counts AML hits in words', () => {
    expect(explainDrift(drift('aml_unreviewed_hits', '2', '0')).text).toBe(
      '2 AML hits were open here; Didit reports 0 open.',
    );
  });

  it('speaks Kiswahili, Didit’s statuses included', () => {
    installTestCatalog('sw');
    try {
      expect(explainDrift(drift('status', 'In Review', 'APPROVED')).text).toBe(
        'Hali hapa ilikuwa “Inapitiwa”; Didit ina “Imekubaliwa”.',
      );
    } finally {
      installTestCatalog('en');
    }
  });
});
