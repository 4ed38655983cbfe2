import { codeWords, statusKey } from '../lib/format.ts';
import type { MessageKey } from './catalog.ts';
import { translate } from './current.ts';

/**
 * Didit's own vocabulary (docs: shared/didit-v3.md §4–5) in the console's languages. Raw values are matched
 * normalised (`In Review`, `IN_REVIEW`, `in-review` alike); a value Didit adds later shows as its own words,
 * and every label carries the raw value for the hover text (`DiditTerm`).
 */
const STATUS = {
  APPROVED: 'didit.status.approved',
  DECLINED: 'didit.status.declined',
  IN_REVIEW: 'didit.status.in_review',
  RESUBMITTED: 'didit.status.resubmitted',
  RESUB_REQUESTED: 'didit.status.resub_requested',
  IN_PROGRESS: 'didit.status.in_progress',
  NOT_STARTED: 'didit.status.not_started',
  NOT_FINISHED: 'didit.status.not_finished',
  AWAITING_USER: 'didit.status.awaiting_user',
  ABANDONED: 'didit.status.abandoned',
  EXPIRED: 'didit.status.expired',
  KYC_EXPIRED: 'didit.status.kyc_expired',
} as const satisfies Record<string, MessageKey>;

/** The per-feature arrays of a decision (check names), and the `feature` of a warning. */
const CHECK = {
  ID_VERIFICATIONS: 'didit.check.id_verification',
  ID_VERIFICATION: 'didit.check.id_verification',
  NFC_VERIFICATIONS: 'didit.check.nfc',
  NFC: 'didit.check.nfc',
  LIVENESS_CHECKS: 'didit.check.liveness',
  LIVENESS: 'didit.check.liveness',
  FACE_MATCHES: 'didit.check.face_match',
  FACE_MATCH: 'didit.check.face_match',
  POA_VERIFICATIONS: 'didit.check.proof_of_address',
  PROOF_OF_ADDRESS: 'didit.check.proof_of_address',
  POA: 'didit.check.proof_of_address',
  PHONE_VERIFICATIONS: 'didit.check.phone',
  PHONE_VERIFICATION: 'didit.check.phone',
  PHONE: 'didit.check.phone',
  EMAIL_VERIFICATIONS: 'didit.check.email',
  EMAIL_VERIFICATION: 'didit.check.email',
  EMAIL: 'didit.check.email',
  AML_SCREENINGS: 'didit.check.aml',
  AML: 'didit.check.aml',
  IP_ANALYSES: 'didit.check.ip_analysis',
  IP_ANALYSIS: 'didit.check.ip_analysis',
  DATABASE_VALIDATIONS: 'didit.check.database_validation',
  DATABASE_VALIDATION: 'didit.check.database_validation',
  QUESTIONNAIRE_RESPONSES: 'didit.check.questionnaire',
  QUESTIONNAIRES: 'didit.check.questionnaire',
  QUESTIONNAIRE: 'didit.check.questionnaire',
  DOCUMENT_AI_DOCUMENTS: 'didit.check.document_ai',
  SIGNATURES: 'didit.check.signature',
  REGISTRY_CHECKS: 'didit.check.registry',
  KYB_REGISTRY: 'didit.check.registry',
  KEY_PEOPLE_CHECKS: 'didit.check.key_people',
  KYB_KEY_PEOPLE: 'didit.check.key_people',
  DOCUMENT_VERIFICATIONS: 'didit.check.documents',
  KYB_DOCUMENTS: 'didit.check.documents',
} as const satisfies Record<string, MessageKey>;

/** Warning `risk` codes (stable; Didit adds more over time). */
const RISK = {
  DOCUMENT_EXPIRED: 'didit.risk.DOCUMENT_EXPIRED',
  DOCUMENT_NOT_SUPPORTED_FOR_APPLICATION: 'didit.risk.DOCUMENT_NOT_SUPPORTED_FOR_APPLICATION',
  PORTRAIT_IMAGE_NOT_DETECTED: 'didit.risk.PORTRAIT_IMAGE_NOT_DETECTED',
  ID_DOCUMENT_IN_BLOCKLIST: 'didit.risk.ID_DOCUMENT_IN_BLOCKLIST',
  AGE_BELOW_MINIMUM: 'didit.risk.AGE_BELOW_MINIMUM',
  AGE_NOT_DETECTED: 'didit.risk.AGE_NOT_DETECTED',
  POSSIBLE_MATCH_FOUND: 'didit.risk.POSSIBLE_MATCH_FOUND',
  CUSTOM_STATUS_RULE_TRIGGERED: 'didit.risk.CUSTOM_STATUS_RULE_TRIGGERED',
  FACE_IN_BLOCKLIST: 'didit.risk.FACE_IN_BLOCKLIST',
  PHONE_NUMBER_IN_BLOCKLIST: 'didit.risk.PHONE_NUMBER_IN_BLOCKLIST',
  EMAIL_IN_BLOCKLIST: 'didit.risk.EMAIL_IN_BLOCKLIST',
  KYB_COMPANY_NOT_ACTIVE: 'didit.risk.KYB_COMPANY_NOT_ACTIVE',
  LOW_LIVENESS_SCORE: 'didit.risk.LOW_LIVENESS_SCORE',
  NO_FACE_DETECTED: 'didit.risk.NO_FACE_DETECTED',
  LIVENESS_FACE_ATTACK: 'didit.risk.LIVENESS_FACE_ATTACK',
  POSSIBLE_DUPLICATED_USER: 'didit.risk.POSSIBLE_DUPLICATED_USER',
  KYB_DOCUMENT_NAME_MISMATCH: 'didit.risk.KYB_DOCUMENT_NAME_MISMATCH',
  IP_COUNTRY_MISMATCH: 'didit.risk.IP_COUNTRY_MISMATCH',
  EMAIL_FOUND_IN_BREACHES: 'didit.risk.EMAIL_FOUND_IN_BREACHES',
  POA_NAME_MISMATCH: 'didit.risk.POA_NAME_MISMATCH',
  PHONE_NUMBER_IS_VOIP: 'didit.risk.PHONE_NUMBER_IS_VOIP',
  NAME_DIFFERS_FROM_EXPECTED: 'didit.risk.NAME_DIFFERS_FROM_EXPECTED',
  LOW_FACE_MATCH_SIMILARITY: 'didit.risk.LOW_FACE_MATCH_SIMILARITY',
  FACE_MATCH_BELOW_REVIEW_THRESHOLD: 'didit.risk.FACE_MATCH_BELOW_REVIEW_THRESHOLD',
  KYB_UBO_THRESHOLD_INFO: 'didit.risk.KYB_UBO_THRESHOLD_INFO',
  KYB_RECENTLY_INCORPORATED: 'didit.risk.KYB_RECENTLY_INCORPORATED',
  KYB_KEY_PERSON_PENDING: 'didit.risk.KYB_KEY_PERSON_PENDING',
  KYB_COMPANY_AML: 'didit.risk.KYB_COMPANY_AML',
  KYB_ADDRESS_MISMATCH: 'didit.risk.KYB_ADDRESS_MISMATCH',
  IP_FAR_FROM_DOCUMENT_ADDRESS: 'didit.risk.IP_FAR_FROM_DOCUMENT_ADDRESS',
} as const satisfies Record<string, MessageKey>;

/** AML hit `datasets[]`. */
const DATASET = {
  PEP: 'didit.dataset.pep',
  SANCTIONS: 'didit.dataset.sanctions',
  ADVERSE_MEDIA: 'didit.dataset.adverse_media',
  WARNINGS: 'didit.dataset.warnings',
  CRIME: 'didit.dataset.crime',
  DEBARMENT: 'didit.dataset.debarment',
  REGULATORY: 'didit.dataset.regulatory',
} as const satisfies Record<string, MessageKey>;

/** An AML hit's `review_status`. */
const AML_REVIEW = {
  UNREVIEWED: 'didit.aml_review.unreviewed',
  CONFIRMED_MATCH: 'didit.aml_review.confirmed_match',
  FALSE_POSITIVE: 'didit.aml_review.false_positive',
  INCONCLUSIVE: 'didit.aml_review.inconclusive',
} as const satisfies Record<string, MessageKey>;

/** A User/Business entity's status. */
const ENTITY_STATUS = {
  ACTIVE: 'didit.entity_status.active',
  FLAGGED: 'didit.entity_status.flagged',
  BLOCKED: 'didit.entity_status.blocked',
} as const satisfies Record<string, MessageKey>;

const SESSION_KIND = {
  USER: 'didit.kind.user',
  BUSINESS: 'didit.kind.business',
} as const satisfies Record<string, MessageKey>;

/** A warning's `log_type`. */
const LOG_TYPE = {
  ERROR: 'didit.log_type.error',
  WARNING: 'didit.log_type.warning',
  INFORMATION: 'didit.log_type.information',
} as const satisfies Record<string, MessageKey>;

const TABLES = {
  status: STATUS,
  check: CHECK,
  risk: RISK,
  dataset: DATASET,
  amlReview: AML_REVIEW,
  entityStatus: ENTITY_STATUS,
  kind: SESSION_KIND,
  logType: LOG_TYPE,
} as const;

export type DiditVocabulary = keyof typeof TABLES;

/** The key of a raw Didit value in a vocabulary, if the console knows it. */
export function diditKey(kind: DiditVocabulary, raw: string | null | undefined): MessageKey | undefined {
  const table: Record<string, MessageKey> = TABLES[kind];
  return table[statusKey(raw)];
}

/** A raw Didit value in the console's language; unknown values as their own words (`SOME_CODE` → "Some Code"). */
export function diditLabel(kind: DiditVocabulary, raw: string | null | undefined): string {
  const key = diditKey(kind, raw);
  if (key) return translate(key);
  return codeWords(raw) || translate('didit.unknown');
}
