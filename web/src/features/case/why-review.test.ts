import { describe, expect, it } from 'vitest';
import { installTestCatalog } from '../../i18n/testing.ts';
import { codeWords } from '../../lib/format.ts';
import { sectionsOf } from './evidence.ts';
import { collapseTimeline, orderSections, reviewReasons } from './why-review.ts';

const decision = {
  id_verifications: [
    {
      status: 'Approved',
      node_id: 'feature_ocr',
      warnings: [{ risk: 'DOCUMENT_EXPIRED', log_type: 'information', short_description: 'Old' }],
    },
  ],
  liveness_checks: [
    {
      status: 'In Review',
      node_id: 'feature_liveness',
      warnings: [{ risk: 'LOW_LIVENESS_SCORE', log_type: 'warning', short_description: '' }],
    },
  ],
  aml_screenings: [
    {
      status: 'In Review',
      node_id: 'feature_aml',
      hits: [
        { id: 'a', review_status: 'Unreviewed' },
        { id: 'b' },
        { id: 'c', review_status: 'False Positive' },
      ],
      warnings: [
        { risk: 'POSSIBLE_MATCH_FOUND', log_type: 'warning', short_description: 'Possible AML match found' },
      ],
    },
  ],
};

describe('reviewReasons', () => {
  it('lists failed checks, warnings and open AML hits, each with its section anchor', () => {
    installTestCatalog('en');
    expect(reviewReasons(sectionsOf(decision))).toEqual([
      { anchor: 'section-liveness_checks', section: 'Liveness', kind: 'failed', text: 'Liveness: In Review' },
      { anchor: 'section-liveness_checks', section: 'Liveness', kind: 'warning', text: 'Low liveness score' },
      {
        anchor: 'section-aml_screenings',
        section: 'AML screening',
        kind: 'failed',
        text: 'AML screening: In Review',
      },
      {
        anchor: 'section-aml_screenings',
        section: 'AML screening',
        kind: 'warning',
        text: 'Possible AML match',
      },
      {
        anchor: 'section-aml_screenings',
        section: 'AML screening',
        kind: 'aml',
        text: '2 unreviewed AML hits',
      },
    ]);
  });
  it('speaks the active language: checks, statuses, known risks and the hit count from the catalog', () => {
    installTestCatalog('sw');
    expect(reviewReasons(sectionsOf(decision)).map((r) => r.text)).toEqual([
      'Ukaguzi wa uhai: Inapitiwa',
      'Alama ya uhai iko chini',
      'Uchunguzi wa AML: Inapitiwa',
      'Huenda analingana na orodha ya AML',
      'Matokeo 2 ya AML hayajapitiwa',
    ]);
  });
  it("keeps Didit's own description for a risk code the catalog does not know", () => {
    installTestCatalog('sw');
    const unknown = {
      liveness_checks: [
        {
          status: 'Approved',
          warnings: [{ risk: 'BRAND_NEW_RISK', log_type: 'error', short_description: 'New' }],
        },
      ],
    };
    expect(reviewReasons(sectionsOf(unknown)).map((r) => r.text)).toEqual(['New (hitilafu)']);
  });
  it('is empty for a clean decision', () => {
    expect(reviewReasons(sectionsOf({ id_verifications: [{ status: 'Approved', warnings: [] }] }))).toEqual(
      [],
    );
  });
});

describe('orderSections', () => {
  it('puts registry, key people and documents first on a KYB case only', () => {
    const kyb = sectionsOf({
      aml_screenings: [{ status: 'Approved' }],
      document_verifications: [{ status: 'Approved' }],
      registry_checks: [{ status: 'Approved' }],
      key_people_checks: [{ status: 'Approved' }],
    });
    expect(orderSections(kyb, 'business').map((s) => s.key)).toEqual([
      'registry_checks',
      'key_people_checks',
      'document_verifications',
      'aml_screenings',
    ]);
    expect(orderSections(kyb, 'user').map((s) => s.key)[0]).toBe('aml_screenings');
  });
});

describe('collapseTimeline', () => {
  it('drops an entry that repeats the previous status', () => {
    const e = (status: string, at: string) => ({ status, at, source: 'webhook', eventId: at });
    expect(
      collapseTimeline([
        e('In Progress', '1'),
        e('In Review', '2'),
        e('In Review', '3'),
        e('Approved', '4'),
      ]).map((h) => h.at),
    ).toEqual(['1', '2', '4']);
  });
});

describe('codeWords', () => {
  it.each([
    ['IN_REVIEW', 'In Review'],
    ['KYC_EXPIRED', 'Kyc Expired'],
    ['APPROVED', 'Approved'],
    ['In Review', 'In Review'],
    ['EVIDENCE_VERIFIED', 'Evidence Verified'],
    ['', ''],
  ])('%s → %s', (code, words) => expect(codeWords(code)).toBe(words));
});
