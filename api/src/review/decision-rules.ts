import type { FourEyesRule } from '../platform/config.ts';
import { AppError } from '../platform/errors.ts';

/** What a reviewer may send to Didit's update-status (docs/didit.md §2.4). */
export const DECISION_STATUSES = ['Approved', 'Declined', 'Resubmitted'] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

/** KYC Title Case and KYB UPPER_SNAKE compared alike (docs/didit.md §5.4). */
export function statusKey(status: string): string {
  return status
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');
}

/** Current statuses update-status accepts (docs/didit.md §2.4); `Not Started`, `In Progress`, `Awaiting User`, `Expired` get a 400. */
export const DECIDABLE_STATUS_KEYS = [
  'APPROVED',
  'DECLINED',
  'IN_REVIEW',
  'KYC_EXPIRED',
  'ABANDONED',
  'RESUBMITTED',
] as const;

/** Refuses locally what Didit would refuse: an ineligible current status, or the status it already has. */
export function assertDecidable(currentStatus: string | null, newStatus: DecisionStatus): void {
  const current = currentStatus === null ? '' : statusKey(currentStatus);
  if (!(DECIDABLE_STATUS_KEYS as readonly string[]).includes(current)) {
    throw new AppError(
      'STATUS_NOT_ELIGIBLE',
      `A session in status "${currentStatus ?? 'unknown'}" cannot be decided`,
      {
        current_status: currentStatus,
        new_status: newStatus,
      },
    );
  }
  // The docs disagree on whether Approved→Approved is a silent no-op or a 400; either way it decides nothing.
  if (current === statusKey(newStatus)) {
    throw new AppError('STATUS_NOT_ELIGIBLE', `The session is already ${currentStatus}`, {
      current_status: currentStatus,
      new_status: newStatus,
    });
  }
}

type Item = Record<string, unknown>;
const isObject = (v: unknown): v is Item => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Items of one of the decision's plural arrays (null until the step ran). */
export function arrayItems(decision: unknown, name: string): Item[] {
  if (!isObject(decision)) return [];
  const arr = decision[name];
  return Array.isArray(arr) ? arr.filter(isObject) : [];
}

/**
 * The feature names a node of each array may be resubmitted under. Decision `features` and workflow feature
 * names differ (docs/didit.md §4.1), so each array accepts its aliases; a warning naming the node adds its `feature`.
 */
const ARRAY_FEATURES: Record<string, readonly string[]> = {
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
};

/** Didit refuses to resubmit these (docs/didit.md §2.4). */
export const NON_RESUBMITTABLE_FEATURES = ['KYB_REGISTRY', 'KYB_KEY_PEOPLE'] as const;

export interface ResubmitNode {
  node_id: string;
  feature: string;
}

/** The features each node of the decision can be resubmitted as. */
export function nodeFeatures(decision: unknown): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [array, features] of Object.entries(ARRAY_FEATURES)) {
    for (const item of arrayItems(decision, array)) {
      if (typeof item.node_id !== 'string' || item.node_id === '') continue;
      const set = out.get(item.node_id) ?? new Set<string>();
      for (const f of features) set.add(f);
      for (const w of Array.isArray(item.warnings) ? item.warnings : []) {
        if (isObject(w) && typeof w.feature === 'string' && (w.node_id ?? item.node_id) === item.node_id) {
          set.add(w.feature);
        }
      }
      out.set(item.node_id, set);
    }
  }
  return out;
}

export function assertResubmittable(decision: unknown, nodes: readonly ResubmitNode[]): void {
  const known = nodeFeatures(decision);
  for (const [i, n] of nodes.entries()) {
    if ((NON_RESUBMITTABLE_FEATURES as readonly string[]).includes(n.feature)) {
      throw new AppError('VALIDATION', `nodes_to_resubmit.${i}: ${n.feature} cannot be resubmitted`, {
        node_id: n.node_id,
        feature: n.feature,
      });
    }
    const features = known.get(n.node_id);
    if (!features) {
      throw new AppError('VALIDATION', `nodes_to_resubmit.${i}: no node "${n.node_id}" in this session`, {
        node_id: n.node_id,
      });
    }
    if ([...features].every((f) => (NON_RESUBMITTABLE_FEATURES as readonly string[]).includes(f))) {
      throw new AppError('VALIDATION', `nodes_to_resubmit.${i}: node "${n.node_id}" cannot be resubmitted`, {
        node_id: n.node_id,
      });
    }
    if (!features.has(n.feature)) {
      throw new AppError(
        'VALIDATION',
        `nodes_to_resubmit.${i}: node "${n.node_id}" is not a ${n.feature} step`,
        {
          node_id: n.node_id,
          feature: n.feature,
          expected: [...features],
        },
      );
    }
  }
}

/** Any AML hit a reviewer (here or in Didit's console) marked as a confirmed match. */
export function hasConfirmedAmlHit(decision: unknown): boolean {
  return arrayItems(decision, 'aml_screenings').some((s) =>
    (Array.isArray(s.hits) ? s.hits : []).some((h) => isObject(h) && h.review_status === 'Confirmed Match'),
  );
}

/**
 * Which configured four-eyes rules a decision triggers (empty: it goes straight to Didit). The case's
 * history counts, not only its current state: a decline sent back as Resubmitted, or a confirmed hit
 * downgraded, must not open a one-reviewer path to Approved.
 */
export function fourEyesRulesFor(
  enabled: readonly FourEyesRule[],
  input: {
    newStatus: DecisionStatus;
    currentStatus: string | null;
    decision: unknown;
    history?: { declinedSinceApproval: boolean; amlHitEverConfirmed: boolean } | undefined;
  },
): FourEyesRule[] {
  const applies = {
    approve_with_confirmed_aml: () =>
      input.newStatus === 'Approved' &&
      (hasConfirmedAmlHit(input.decision) || input.history?.amlHitEverConfirmed === true),
    overturn_decline: () =>
      input.newStatus === 'Approved' &&
      ((input.currentStatus !== null && statusKey(input.currentStatus) === 'DECLINED') ||
        input.history?.declinedSinceApproval === true),
  } satisfies Record<FourEyesRule, () => boolean>;
  return enabled.filter((rule) => applies[rule]());
}
