import { describe, expect, it } from 'vitest';
import { DIDIT_VOCABULARIES, diditKey, diditLabel, diditTerm } from './didit.ts';
import en from './messages/en.ts';
import { installTestCatalog } from './testing.ts';

describe('diditTerm: one lookup for every Didit vocabulary', () => {
  it('finds a known value in either spelling, with the raw value for the hover text', () => {
    installTestCatalog('en');
    for (const raw of ['In Review', 'IN_REVIEW', 'in-review', ' in review ']) {
      expect(diditKey('status', raw)).toBe('didit.status.IN_REVIEW');
    }
    expect(diditTerm('status', 'In Review')).toEqual({
      label: 'In Review',
      title: 'Didit: In Review',
      known: true,
    });
    installTestCatalog('sw');
    expect(diditTerm('amlReview', 'False Positive').label).toBe(diditLabel('amlReview', 'FALSE_POSITIVE'));
    expect(diditTerm('amlReview', 'False Positive').title).toBe('Didit: False Positive');
  });

  it('falls back to the raw value: codes as their words, field names as Didit wrote them', () => {
    installTestCatalog('sw');
    expect(diditTerm('risk', 'SOME_NEW_RISK')).toEqual({
      label: 'Some New Risk',
      title: 'Didit: SOME_NEW_RISK',
      known: false,
    });
    expect(diditTerm('dataset', 'Brand New List')).toMatchObject({ label: 'Brand New List', known: false });
    expect(diditTerm('field', 'company.tax_residence')).toEqual({
      label: 'company.tax_residence',
      title: 'Didit: company.tax_residence',
      known: false,
    });
    expect(diditKey('field', 'company.tax_residence')).toBeUndefined();
  });

  it('says "unknown" for an empty value, with no hover text', () => {
    installTestCatalog('sw');
    expect(diditTerm('status', null)).toEqual({ label: 'Haijulikani', title: undefined, known: false });
    expect(diditTerm('field', '  ')).toMatchObject({ title: undefined, known: false });
  });

  it('every catalog key of the didit namespace belongs to a vocabulary (or is one of its own words)', () => {
    const own = new Set(['didit.unknown', 'didit.raw_value']);
    const vocabularies = new Set<string>(DIDIT_VOCABULARIES);
    const stray = Object.keys(en)
      .filter((id) => id.startsWith('didit.') && !own.has(id))
      .filter((id) => !vocabularies.has(id.split('.')[1] ?? ''));
    expect(stray).toEqual([]);
  });
});
