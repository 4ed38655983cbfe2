import type { PyValue } from '@console/didit/python-json';

/** Warning catalogue (docs/didit.md §4.3). `log_type`: error → Decline, warning → Review, information → neither. */
const CATALOGUE = {
  DOCUMENT_EXPIRED: [
    'ID_VERIFICATION',
    'error',
    'Document expired',
    'The document expiration date is in the past, so the document cannot be accepted.',
  ],
  ID_DOCUMENT_IN_BLOCKLIST: [
    'ID_VERIFICATION',
    'error',
    'Document in blocklist',
    'The document number matches an entry in the application blocklist.',
  ],
  POSSIBLE_DUPLICATED_USER: [
    'ID_VERIFICATION',
    'warning',
    'Possible duplicated user',
    'Another approved session holds a document with the same number and name.',
  ],
  NAME_DIFFERS_FROM_EXPECTED: [
    'ID_VERIFICATION',
    'information',
    'Name differs slightly from expected details',
    'The extracted name differs from the expected name only by accents or spacing.',
  ],
  LIVENESS_FACE_ATTACK: [
    'LIVENESS',
    'error',
    'Presentation attack detected',
    'The liveness check detected a screen replay or printed photo instead of a live person.',
  ],
  LOW_LIVENESS_SCORE: [
    'LIVENESS',
    'warning',
    'Low liveness score',
    'The liveness score is below the review threshold configured in the workflow.',
  ],
  LOW_FACE_MATCH_SIMILARITY: [
    'FACE_MATCH',
    'error',
    'Face does not match document',
    'The selfie does not match the portrait on the identity document.',
  ],
  FACE_MATCH_BELOW_REVIEW_THRESHOLD: [
    'FACE_MATCH',
    'warning',
    'Face match needs review',
    'The face similarity is between the decline and approve thresholds.',
  ],
  POA_NAME_MISMATCH: [
    'POA',
    'warning',
    'Name on proof of address differs',
    'The name on the proof of address does not fully match the identity document.',
  ],
  POA_DOCUMENT_OLDER_THAN_3_MONTHS: [
    'POA',
    'information',
    'Proof of address older than three months',
    'The proof of address was issued more than 90 days before the session.',
  ],
  POSSIBLE_MATCH_FOUND: [
    'AML',
    'warning',
    'Possible AML match found',
    'The screening returned hits above the match threshold that need a reviewer decision.',
  ],
  AML_CONFIRMED_RISK: [
    'AML',
    'error',
    'High-risk AML match',
    'The aggregate AML risk score is above the decline threshold.',
  ],
  IP_COUNTRY_MISMATCH: [
    'IP_ANALYSIS',
    'warning',
    'IP country differs from document country',
    'The device IP geolocates to a different country than the document issuing state.',
  ],
  IP_FAR_FROM_DOCUMENT_ADDRESS: [
    'IP_ANALYSIS',
    'information',
    'IP far from document address',
    'The IP location is more than 100 km away from the address on the document.',
  ],
  DATABASE_PARTIAL_MATCH: [
    'DATABASE_VALIDATION',
    'warning',
    'Partial database match',
    'The government database matched the document number but not every personal field.',
  ],
  PHONE_NUMBER_IS_VOIP: [
    'PHONE',
    'information',
    'VoIP phone number',
    'The verified phone number belongs to a VoIP carrier.',
  ],
  EMAIL_FOUND_IN_BREACHES: [
    'EMAIL',
    'information',
    'Email found in data breaches',
    'The email address appears in publicly known data breaches.',
  ],
  CUSTOM_STATUS_RULE_TRIGGERED: [
    'QUESTIONNAIRE',
    'warning',
    'Custom status rule triggered',
    'An answer matched a workflow rule that sends the session to review.',
  ],
  KYB_COMPANY_NOT_ACTIVE: [
    'KYB_REGISTRY',
    'error',
    'Company is not active',
    'The company registry reports the company as dissolved or in liquidation.',
  ],
  KYB_ADDRESS_MISMATCH: [
    'KYB_REGISTRY',
    'warning',
    'Registered address differs',
    'The registered address differs from the address provided by the business.',
  ],
  KYB_RECENTLY_INCORPORATED: [
    'KYB_REGISTRY',
    'information',
    'Recently incorporated company',
    'The company was incorporated less than twelve months ago.',
  ],
  KYB_DOCUMENT_NAME_MISMATCH: [
    'KYB_DOCUMENTS',
    'warning',
    'Company name differs on document',
    'The company name on the uploaded document differs from the registry name.',
  ],
  KYB_KEY_PERSON_PENDING: [
    'KYB_KEY_PEOPLE',
    'warning',
    'Key person verification pending',
    'At least one ultimate beneficial owner has not completed identity verification.',
  ],
  KYB_UBO_THRESHOLD_INFO: [
    'KYB_KEY_PEOPLE',
    'information',
    'Owners below 25% not listed',
    'Shareholders holding less than 25% are not required to verify.',
  ],
} as const satisfies Record<string, readonly [string, 'error' | 'warning' | 'information', string, string]>;

export type WarningRisk = keyof typeof CATALOGUE;

export function warning(risk: WarningRisk, nodeId: string, additional: PyValue = null): PyValue {
  const [feature, logType, short, long] = CATALOGUE[risk];
  return {
    feature,
    risk,
    additional_data: additional,
    log_type: logType,
    short_description: short,
    long_description: long,
    node_id: nodeId,
  };
}

export function logTypeOf(risk: WarningRisk): 'error' | 'warning' | 'information' {
  return CATALOGUE[risk][1];
}
