import { describe, expect, it } from 'vitest';
import { DIDIT_VOCABULARIES, diditKey, diditLabel, diditTerm } from './didit.ts';
import en from './messages/en.ts';
import sw from './messages/sw.ts';
import { installTestCatalog } from './testing.ts';

/** What `diditTerm` gives for Didit's `raw` value: the words shown, the raw value as the hover text. */
const shown = (label: string, raw: string, known: boolean) => ({ label, title: `Didit: ${raw}`, known });

describe('diditTerm: one lookup for every Didit vocabulary', () => {
  it('finds a known value in either spelling, with the raw value for the hover text', () => {
    installTestCatalog('en');
    for (const raw of ['In Review', 'IN_REVIEW', 'in-review', ' in review ']) {
      expect(diditKey('status', raw)).toBe('didit.status.IN_REVIEW');
    }
    expect(diditTerm('status', 'In Review')).toEqual(shown('In Review', 'In Review', true));
    installTestCatalog('sw');
    expect(diditTerm('amlReview', 'False Positive').label).toBe(diditLabel('amlReview', 'FALSE_POSITIVE'));
    expect(diditTerm('amlReview', 'False Positive').title).toBe('Didit: False Positive');
  });

  it('falls back to the raw value: codes as their words, field names as Didit wrote them', () => {
    installTestCatalog('sw');
    expect(diditTerm('risk', 'SOME_NEW_RISK')).toEqual(shown('Some New Risk', 'SOME_NEW_RISK', false));
    expect(diditTerm('dataset', 'Brand New List')).toMatchObject({ label: 'Brand New List', known: false });
    expect(diditTerm('field', 'company.tax_residence')).toEqual(
      shown('company.tax_residence', 'company.tax_residence', false),
    );
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

  it('KYB: every company document type and key-person role Didit documents is worded in both catalogs', () => {
    // docs.didit.me/business-verification/documents (document_type subtypes by group) and …/officers (roles).
    const documents = [
      'CERTIFICATE_OF_INCORPORATION',
      'CERTIFICATE_OF_GOOD_STANDING',
      'CERTIFICATE_OF_INCUMBENCY',
      'REGISTRY_EXCERPT',
      'BUSINESS_LICENSE',
      'TAX_REGISTRATION',
      'CONFIRMATION_STATEMENT',
      'ANNUAL_RETURN',
      'STATEMENT_OF_INFORMATION',
      'SHAREHOLDER_REGISTRY',
      'MEMORANDUM_OF_ASSOCIATION',
      'ARTICLES_OF_ASSOCIATION',
      'DIRECTOR_REGISTRY',
      'POWER_OF_ATTORNEY',
      'TRUST_AGREEMENT',
      'UNKNOWN',
    ];
    const roles = [
      'director',
      'non_executive_director',
      'chairman',
      'secretary',
      'representative',
      'authorized_signatory',
      'trustee',
      'company_officer',
      'founder',
      'legal_advisor',
      'other',
      'ubo',
      'shareholder',
      'beneficiary',
      'settlor',
      'protector',
      'investor',
    ];
    for (const locale of ['en', 'sw'] as const) {
      installTestCatalog(locale);
      const catalog = locale === 'en' ? en : sw;
      for (const d of documents) expect(diditKey('companyDocument', d), d).toBe(`didit.companyDocument.${d}`);
      for (const r of roles)
        expect(diditKey('keyPersonRole', r), r).toBe(`didit.keyPersonRole.${r.toUpperCase()}`);
      const ours = Object.keys(catalog).filter((id) => /^didit\.(companyDocument|keyPersonRole)\./.test(id));
      expect(ours).toHaveLength(documents.length + roles.length);
    }
    installTestCatalog('sw');
    expect(diditTerm('keyPersonRole', 'ubo')).toEqual(
      shown('Mmiliki wa manufaa wa mwisho (UBO)', 'ubo', true),
    );
  });

  it('KYB: a document type or role the catalog does not know stays as Didit wrote it', () => {
    installTestCatalog('sw');
    expect(diditTerm('companyDocument', 'VAT_CERTIFICATE')).toEqual(
      shown('VAT_CERTIFICATE', 'VAT_CERTIFICATE', false),
    );
    expect(diditTerm('keyPersonRole', 'auditor')).toMatchObject({ label: 'auditor', known: false });
  });
});
