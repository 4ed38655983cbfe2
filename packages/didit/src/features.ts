// The plural arrays of a decision and the feature names their nodes go by (docs/didit.md §4.1, §2.4).

/**
 * Each plural per-feature array a decision may carry (both spellings where sources conflict), with the
 * feature names a node of it may be resubmitted under: the first is the one Didit's workflow uses; decision
 * `features` and workflow feature names differ, so the rest are accepted aliases.
 */
export const ARRAY_FEATURES = {
  id_verifications: ['ID_VERIFICATION', 'OCR'],
  nfc_verifications: ['NFC'],
  liveness_checks: ['LIVENESS'],
  face_matches: ['FACE_MATCH'],
  poa_verifications: ['POA', 'PROOF_OF_ADDRESS'],
  proof_of_address: ['POA', 'PROOF_OF_ADDRESS'],
  phone_verifications: ['PHONE', 'PHONE_VERIFICATION'],
  email_verifications: ['EMAIL', 'EMAIL_VERIFICATION'],
  aml_screenings: ['AML', 'KYB_COMPANY_AML'],
  ip_analyses: ['IP_ANALYSIS'],
  database_validations: ['DATABASE_VALIDATION'],
  questionnaire_responses: ['QUESTIONNAIRE'],
  questionnaires: ['QUESTIONNAIRE'],
  document_ai_documents: ['DOCUMENT_AI'],
  signatures: ['SIGNATURE', 'E_SIGNATURE'],
  registry_checks: ['KYB_REGISTRY'],
  key_people_checks: ['KYB_KEY_PEOPLE'],
  document_verifications: ['KYB_DOCUMENTS'],
} as const satisfies Record<string, readonly [string, ...string[]]>;

export type DecisionArrayKey = keyof typeof ARRAY_FEATURES;
export const DECISION_ARRAY_KEYS = Object.keys(ARRAY_FEATURES) as DecisionArrayKey[];

/** The feature a node of this array is resubmitted as (Didit's workflow name), or undefined for another key. */
export function featureOfArray(array: string): string | undefined {
  return (ARRAY_FEATURES as Record<string, readonly string[]>)[array]?.[0];
}

/** Didit refuses to resubmit these (docs/didit.md §2.4). */
export const NON_RESUBMITTABLE_FEATURES = ['KYB_REGISTRY', 'KYB_KEY_PEOPLE'] as const;

export function isResubmittableFeature(feature: string): boolean {
  return !(NON_RESUBMITTABLE_FEATURES as readonly string[]).includes(feature);
}
