import type { PyValue } from '@console/didit/python-json';
import type { AmlOutcome } from './generator-aml.ts';
import type { Obj } from './generator-context.ts';
import { logTypeOf, type WarningRisk, warning } from './generator-warnings.ts';
import type { Rng } from './rng.ts';
import type { FeatureStatus, Scenario, SessionKind, SessionStatus } from './statuses.ts';

/** Which feature carries which warning (and so which status) for a scenario: the story behind a decision. */

export type Stage = 'none' | 'partial' | 'final';

const REVIEW_RISKS_KYC: readonly WarningRisk[] = [
  'POSSIBLE_DUPLICATED_USER',
  'LOW_LIVENESS_SCORE',
  'FACE_MATCH_BELOW_REVIEW_THRESHOLD',
  'POA_NAME_MISMATCH',
  'IP_COUNTRY_MISMATCH',
  'DATABASE_PARTIAL_MATCH',
  'CUSTOM_STATUS_RULE_TRIGGERED',
];
const DECLINE_RISKS_KYC: readonly WarningRisk[] = [
  'DOCUMENT_EXPIRED',
  'ID_DOCUMENT_IN_BLOCKLIST',
  'LIVENESS_FACE_ATTACK',
  'LOW_FACE_MATCH_SIMILARITY',
];
const REVIEW_RISKS_KYB: readonly WarningRisk[] = [
  'KYB_ADDRESS_MISMATCH',
  'KYB_DOCUMENT_NAME_MISMATCH',
  'KYB_KEY_PERSON_PENDING',
];
const INFO_RISKS_KYC: readonly WarningRisk[] = [
  'NAME_DIFFERS_FROM_EXPECTED',
  'POA_DOCUMENT_OLDER_THAN_3_MONTHS',
  'IP_FAR_FROM_DOCUMENT_ADDRESS',
  'PHONE_NUMBER_IS_VOIP',
  'EMAIL_FOUND_IN_BREACHES',
];
const INFO_RISKS_KYB: readonly WarningRisk[] = [
  'KYB_RECENTLY_INCORPORATED',
  'KYB_UBO_THRESHOLD_INFO',
  'EMAIL_FOUND_IN_BREACHES',
];

const NODE_OF_FEATURE: Record<string, string> = {
  ID_VERIFICATION: 'feature_ocr',
  LIVENESS: 'feature_liveness',
  FACE_MATCH: 'feature_face_match',
  POA: 'feature_poa',
  PHONE: 'feature_phone',
  EMAIL: 'feature_email',
  AML: 'feature_aml',
  IP_ANALYSIS: 'feature_ip_analysis',
  DATABASE_VALIDATION: 'feature_database_validation',
  QUESTIONNAIRE: 'feature_questionnaire',
  KYB_REGISTRY: 'feature_kyb_registry',
  KYB_DOCUMENTS: 'feature_kyb_documents',
  KYB_KEY_PEOPLE: 'feature_kyb_key_people',
};

/** Feature name → the (status, warnings) its item will carry. */
export class Plan {
  private readonly entries = new Map<string, { status: FeatureStatus; warnings: PyValue[] }>();
  get(feature: string) {
    let e = this.entries.get(feature);
    if (!e) {
      e = { status: 'Approved', warnings: [] };
      this.entries.set(feature, e);
    }
    return e;
  }
  /** The decision array of `feature`: one item, made with the status and warnings planned for it. */
  item<T>(feature: string, make: (status: FeatureStatus, warnings: PyValue[]) => T): T[] {
    const e = this.get(feature);
    return [make(e.status, e.warnings)];
  }
  add(risk: WarningRisk, feature: string, additional: PyValue = null, node?: string): void {
    const e = this.get(feature);
    e.warnings.push(warning(risk, node ?? NODE_OF_FEATURE[feature] ?? 'feature_unknown', additional));
    const type = logTypeOf(risk);
    if (type === 'error') e.status = 'Declined';
    else if (type === 'warning' && e.status !== 'Declined') e.status = 'In Review';
  }
  has(risk: WarningRisk): boolean {
    for (const e of this.entries.values()) if (e.warnings.some((w) => (w as Obj).risk === risk)) return true;
    return false;
  }
}

function featureOf(risk: WarningRisk): string {
  return (warning(risk, '') as Obj).feature as string;
}

export function outcomeFor(status: SessionStatus, scenario: Scenario | undefined, rng: Rng): Scenario {
  if (scenario) return scenario;
  if (status === 'Declined' || status === 'Resubmitted')
    return rng.chance(0.3) ? 'decline_aml_hit' : 'decline';
  if (status === 'In Review') return rng.chance(0.4) ? 'review_aml_hit' : 'review';
  if (status === 'Abandoned') return 'abandon';
  return 'approve';
}

export function stageOf(status: SessionStatus): Stage {
  if (status === 'Not Started' || status === 'Expired') return 'none';
  if (status === 'In Progress' || status === 'Awaiting User' || status === 'Abandoned') return 'partial';
  return 'final';
}

/**
 * A realistic decision (docs/didit.md §4) for one session, the same for the same seed and inputs. Arrays are null until
 * the stage has run them; content agrees with the status: an Approved one carries no error warning, a
 * review_aml_hit one Unreviewed hits, a declined one at least one error warning.
 */
export function planOutcome(plan: Plan, kind: SessionKind, outcome: Scenario, rng: Rng): void {
  const infos = kind === 'user' ? INFO_RISKS_KYC : INFO_RISKS_KYB;
  for (const risk of infos) if (rng.chance(0.12)) plan.add(risk, featureOf(risk));
  if (outcome === 'review') {
    const risk = rng.pick(kind === 'user' ? REVIEW_RISKS_KYC : REVIEW_RISKS_KYB);
    const additional: PyValue =
      risk === 'CUSTOM_STATUS_RULE_TRIGGERED'
        ? {
            field: 'source_of_funds',
            operator: 'equals',
            rule_value: 'crypto',
            actual_value: 'crypto',
            target_status: 'In Review',
          }
        : risk === 'LOW_LIVENESS_SCORE'
          ? { score: 0.71 }
          : null;
    plan.add(risk, featureOf(risk), additional);
  } else if (outcome === 'decline') {
    const risk = kind === 'user' ? rng.pick(DECLINE_RISKS_KYC) : 'KYB_COMPANY_NOT_ACTIVE';
    plan.add(risk, featureOf(risk));
    if (rng.chance(0.4)) {
      const extra = rng.pick(kind === 'user' ? REVIEW_RISKS_KYC : REVIEW_RISKS_KYB);
      if (featureOf(extra) !== featureOf(risk)) plan.add(extra, featureOf(extra));
    }
  } else if (outcome === 'review_aml_hit') {
    plan.add(
      'POSSIBLE_MATCH_FOUND',
      'AML',
      null,
      kind === 'user' ? 'feature_aml' : 'feature_kyb_company_aml',
    );
  } else if (outcome === 'decline_aml_hit') {
    const node = kind === 'user' ? 'feature_aml' : 'feature_kyb_company_aml';
    plan.add('AML_CONFIRMED_RISK', 'AML', null, node);
    plan.add('POSSIBLE_MATCH_FOUND', 'AML', null, node);
  }
}

export function amlOutcome(outcome: Scenario, rng: Rng): AmlOutcome {
  if (outcome === 'review_aml_hit') return 'review';
  if (outcome === 'decline_aml_hit') return 'decline';
  return rng.chance(0.3) ? 'false_positive' : 'clear';
}
