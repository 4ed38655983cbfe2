import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../platform/config.ts';
import { AppError } from '../platform/errors.ts';
import {
  assertDecidable,
  assertResubmittable,
  fourEyesRulesFor,
  hasConfirmedAmlHit,
  nodeFeatures,
} from './decision-rules.ts';

const codeOf = (fn: () => void) => {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return e instanceof AppError ? e.code : 'other';
  }
};

const decision = {
  id_verifications: [{ node_id: 'feature_ocr', status: 'In Review', warnings: [] }],
  poa_verifications: [
    {
      node_id: 'feature_poa',
      warnings: [{ feature: 'PROOF_OF_ADDRESS', node_id: 'feature_poa', log_type: 'warning' }],
    },
  ],
  registry_checks: [{ node_id: 'feature_kyb_registry' }],
  aml_screenings: [{ node_id: 'feature_aml', hits: [{ id: 'h1', review_status: 'False Positive' }] }],
  liveness_checks: null,
};

describe('decision rules', () => {
  it.each([
    ['In Review', 'Approved', 'ok'],
    ['IN_REVIEW', 'Declined', 'ok'],
    ['in review', 'Resubmitted', 'ok'],
    ['Kyc Expired', 'Approved', 'ok'],
    ['KYC_EXPIRED', 'Declined', 'ok'],
    ['Abandoned', 'Declined', 'ok'],
    ['Resubmitted', 'Approved', 'ok'],
    ['Declined', 'Approved', 'ok'],
    ['Approved', 'Declined', 'ok'],
    ['Not Started', 'Approved', 'STATUS_NOT_ELIGIBLE'],
    ['IN_PROGRESS', 'Approved', 'STATUS_NOT_ELIGIBLE'],
    ['Awaiting User', 'Declined', 'STATUS_NOT_ELIGIBLE'],
    ['EXPIRED', 'Declined', 'STATUS_NOT_ELIGIBLE'],
    ['Resubmitted', 'Resubmitted', 'STATUS_NOT_ELIGIBLE'],
    ['APPROVED', 'Approved', 'STATUS_NOT_ELIGIBLE'],
  ] as const)('%s → %s: %s', (current, next, expected) => {
    expect(codeOf(() => assertDecidable(current, next))).toBe(expected);
  });

  it('treats an unknown current status as not decidable', () => {
    expect(codeOf(() => assertDecidable(null, 'Approved'))).toBe('STATUS_NOT_ELIGIBLE');
  });

  it('knows each node under its array feature, its aliases and its warnings’ features', () => {
    const nodes = nodeFeatures(decision);
    expect([...(nodes.get('feature_poa') ?? [])].sort()).toEqual(['POA', 'PROOF_OF_ADDRESS']);
    expect(nodes.has('feature_ocr')).toBe(true);
    expect(codeOf(() => assertResubmittable(decision, [{ node_id: 'feature_poa', feature: 'POA' }]))).toBe(
      'ok',
    );
    expect(codeOf(() => assertResubmittable(decision, [{ node_id: 'feature_ocr', feature: 'OCR' }]))).toBe(
      'ok',
    );
    expect(codeOf(() => assertResubmittable(decision, [{ node_id: 'feature_ocr', feature: 'POA' }]))).toBe(
      'VALIDATION',
    );
    expect(
      codeOf(() =>
        assertResubmittable(decision, [{ node_id: 'feature_kyb_registry', feature: 'KYB_REGISTRY' }]),
      ),
    ).toBe('VALIDATION');
    expect(codeOf(() => assertResubmittable(decision, [{ node_id: 'missing', feature: 'POA' }]))).toBe(
      'VALIDATION',
    );
  });

  it('applies four-eyes rules only to approvals that need them', () => {
    const confirmed = {
      aml_screenings: [
        {
          hits: [
            { id: 'a', review_status: 'False Positive' },
            { id: 'b', review_status: 'Confirmed Match' },
          ],
        },
      ],
    };
    expect(hasConfirmedAmlHit(decision)).toBe(false);
    expect(hasConfirmedAmlHit(confirmed)).toBe(true);
    const both = ['approve_with_confirmed_aml', 'overturn_decline'] as const;
    expect(
      fourEyesRulesFor(both, { newStatus: 'Approved', currentStatus: 'Declined', decision: confirmed }),
    ).toEqual(['approve_with_confirmed_aml', 'overturn_decline']);
    expect(fourEyesRulesFor(both, { newStatus: 'Approved', currentStatus: 'DECLINED', decision })).toEqual([
      'overturn_decline',
    ]);
    expect(
      fourEyesRulesFor(both, { newStatus: 'Declined', currentStatus: 'In Review', decision: confirmed }),
    ).toEqual([]);
    expect(
      fourEyesRulesFor([], { newStatus: 'Approved', currentStatus: 'Declined', decision: confirmed }),
    ).toEqual([]);
  });
});

describe('FOUR_EYES configuration', () => {
  it('defaults to every rule in sandbox mode and none with a real key', () => {
    expect(parseConfig({}).review.fourEyes).toEqual(['approve_with_confirmed_aml', 'overturn_decline']);
    expect(parseConfig({ DIDIT_API_KEY: 'k', DIDIT_WEBHOOK_SECRET: 's' }).review.fourEyes).toEqual([]);
  });

  it('takes a list, or none, and names the variable on a bad rule', () => {
    expect(parseConfig({ FOUR_EYES: 'overturn_decline' }).review.fourEyes).toEqual(['overturn_decline']);
    expect(parseConfig({ FOUR_EYES: 'none' }).review.fourEyes).toEqual([]);
    expect(() => parseConfig({ FOUR_EYES: 'approve_everything' })).toThrow(ConfigError);
    expect(() => parseConfig({ FOUR_EYES: 'approve_everything' })).toThrow(/^FOUR_EYES: unknown rule/);
  });
});
