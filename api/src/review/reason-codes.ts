import type { DecisionStatus } from './decision-rules.ts';

export interface ReasonCode {
  code: string;
  label: string;
}

/**
 * The fixed catalogue a reviewer picks from, per decision. Codes are stable (stored with each decision and
 * exported to auditors); labels are for people and may be reworded.
 */
export const REASON_CODES = {
  Approved: [
    { code: 'EVIDENCE_VERIFIED', label: 'Evidence reviewed and consistent' },
    { code: 'AML_FALSE_POSITIVE', label: 'AML hits are false positives' },
    { code: 'AML_ACCEPTABLE_RISK', label: 'AML match within risk appetite' },
    { code: 'DOCUMENT_ACCEPTABLE', label: 'Document quality acceptable' },
    { code: 'LIVENESS_ACCEPTABLE', label: 'Liveness / face match acceptable' },
    { code: 'DATA_MISMATCH_EXPLAINED', label: 'Data mismatch explained' },
    { code: 'DUPLICATE_LEGITIMATE', label: 'Duplicate is a legitimate re-verification' },
    { code: 'DECLINE_OVERTURNED', label: 'Earlier decline overturned after review' },
    { code: 'KYB_REGISTRY_CONFIRMED', label: 'Company registry data confirmed' },
  ],
  Declined: [
    { code: 'DOCUMENT_FORGED', label: 'Document forged or tampered' },
    { code: 'DOCUMENT_EXPIRED', label: 'Document expired' },
    { code: 'DOCUMENT_UNSUPPORTED', label: 'Document type not accepted' },
    { code: 'FACE_MISMATCH', label: 'Face does not match the document' },
    { code: 'LIVENESS_SPOOF', label: 'Presentation attack / spoof suspected' },
    { code: 'AML_CONFIRMED_MATCH', label: 'Confirmed sanctions / PEP / watchlist match' },
    { code: 'UNDERAGE', label: 'Below the minimum age' },
    { code: 'DUPLICATE_ACCOUNT', label: 'Duplicate or multiple accounts' },
    { code: 'BLOCKLISTED', label: 'Blocklisted person, document or device' },
    { code: 'HIGH_RISK_JURISDICTION', label: 'High-risk jurisdiction' },
    { code: 'DATA_INCONSISTENT', label: 'Inconsistent personal or company data' },
    { code: 'FRAUD_SUSPECTED', label: 'Other fraud indicators' },
    { code: 'KYB_COMPANY_NOT_ACTIVE', label: 'Company not active or not found' },
  ],
  Resubmitted: [
    { code: 'DOCUMENT_UNREADABLE', label: 'Document blurry, cropped or glare' },
    { code: 'DOCUMENT_WRONG_TYPE', label: 'Wrong document type' },
    { code: 'DOCUMENT_BACK_MISSING', label: 'Back side missing' },
    { code: 'SELFIE_QUALITY', label: 'Selfie / liveness quality too low' },
    { code: 'POA_OUTDATED', label: 'Proof of address too old' },
    { code: 'POA_NAME_MISMATCH', label: 'Proof of address name mismatch' },
    { code: 'QUESTIONNAIRE_INCOMPLETE', label: 'Questionnaire incomplete' },
    { code: 'KYB_DOCUMENTS_MISSING', label: 'Company documents missing or invalid' },
    { code: 'OTHER_RESUBMISSION', label: 'Other (see comment)' },
  ],
} as const satisfies Record<DecisionStatus, readonly ReasonCode[]>;

export function isReasonCodeFor(status: DecisionStatus, code: string): boolean {
  return REASON_CODES[status].some((r) => r.code === code);
}
