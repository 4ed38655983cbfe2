import type { PyValue } from '@console/didit/python-json';
import type { Core } from './core.ts';
import type { Obj } from './generator-context.ts';
import { badRequest, fieldError } from './http.ts';
import type { SessionStatus } from './statuses.ts';
import type { SessionRecord } from './store.ts';

/** Which feature each plural array holds, to pair a `node_id` with its `feature` (docs/didit.md §2.4 nodes_to_resubmit). */
const FEATURE_OF_ARRAY: Record<string, string> = {
  id_verifications: 'ID_VERIFICATION',
  nfc_verifications: 'NFC',
  liveness_checks: 'LIVENESS',
  face_matches: 'FACE_MATCH',
  poa_verifications: 'POA',
  phone_verifications: 'PHONE',
  email_verifications: 'EMAIL',
  aml_screenings: 'AML',
  ip_analyses: 'IP_ANALYSIS',
  database_validations: 'DATABASE_VALIDATION',
  questionnaire_responses: 'QUESTIONNAIRE',
  registry_checks: 'KYB_REGISTRY',
  key_people_checks: 'KYB_KEY_PEOPLE',
  document_verifications: 'KYB_DOCUMENTS',
};
const NOT_RESUBMITTABLE = new Set(['KYB_REGISTRY', 'KYB_KEY_PEOPLE']);
const BACKEND_ONLY = new Set(['AML', 'DATABASE_VALIDATION', 'IP_ANALYSIS']);
const RESUBMITTABLE_STATES = new Set(['Declined', 'In Review', 'Not Finished', 'Expired']);

interface NodeRef {
  node_id: string;
  feature: string;
  array: string;
  item: Obj;
}

interface ResubmitPlan {
  nodes: NodeRef[];
  backendOnly: boolean;
}

function nodesOf(rec: SessionRecord): NodeRef[] {
  const out: NodeRef[] = [];
  for (const [array, feature] of Object.entries(FEATURE_OF_ARRAY)) {
    const items = rec.decision[array];
    if (!Array.isArray(items)) continue;
    for (const item of items as Obj[]) {
      if (typeof item.node_id === 'string') out.push({ node_id: item.node_id, feature, array, item });
    }
  }
  return out;
}

export function planResubmission(rec: SessionRecord, raw: unknown): ResubmitPlan {
  const existing = nodesOf(rec);
  let nodes: NodeRef[];
  if (raw === undefined || raw === null) {
    // Omitted: every attempted step in a resubmittable state; never-attempted ones are not picked.
    nodes = existing.filter(
      (n) => RESUBMITTABLE_STATES.has(String(n.item.status)) && !NOT_RESUBMITTABLE.has(n.feature),
    );
    if (nodes.length === 0)
      throw badRequest({ detail: 'There are no features to resubmit in this session.' });
  } else {
    if (!Array.isArray(raw) || raw.length === 0)
      throw fieldError('nodes_to_resubmit', 'Expected a non-empty list of items.');
    nodes = raw.map((entry) => {
      const e = entry as Record<string, unknown> | null;
      if (!e || typeof e.node_id !== 'string' || typeof e.feature !== 'string') {
        throw fieldError('nodes_to_resubmit', 'Each item needs "node_id" and "feature".');
      }
      if (NOT_RESUBMITTABLE.has(e.feature))
        throw fieldError('nodes_to_resubmit', `${e.feature} cannot be resubmitted.`);
      const found = existing.find((n) => n.node_id === e.node_id && n.feature === e.feature);
      if (!found) {
        throw fieldError(
          'nodes_to_resubmit',
          `Node "${e.node_id}" with feature ${e.feature} was not found in this session.`,
        );
      }
      return found;
    });
  }
  return { nodes, backendOnly: nodes.every((n) => BACKEND_ONLY.has(n.feature)) };
}

function resubmitInfo(plan: ResubmitPlan): Obj {
  const reasons: Obj = {};
  for (const n of plan.nodes) {
    const first = ((n.item.warnings ?? []) as Obj[])[0];
    reasons[n.node_id] = first ? String(first.short_description) : 'Requested by reviewer';
  }
  return { nodes_to_resubmit: plan.nodes.map((n) => ({ node_id: n.node_id, feature: n.feature })), reasons };
}

/**
 * Backend-only steps (AML, database validation, IP) re-run at once and the session re-finalizes in the same
 * request; otherwise the steps' data is deleted and the user is expected back on the same URL. A session
 * created with a `sandbox_scenario` plays that user: after stepDelayMs it passes In Progress to Approved.
 */
export async function resubmit(
  core: Core,
  rec: SessionRecord,
  plan: ResubmitPlan,
  origin: string,
): Promise<void> {
  const info = resubmitInfo(plan);
  if (plan.backendOnly) {
    rec.lastBackendResubmitAt = core.clock.now().getTime();
    core.store.setStatus(rec, 'Resubmitted');
    void core.dispatcher.emit(rec, 'status.updated', { resubmit_info: info });
    for (const n of plan.nodes) {
      n.item.status = n.feature === 'AML' ? rescreenedAmlStatus(n.item) : 'Approved';
      if (n.item.status === 'Approved') {
        n.item.warnings = ((n.item.warnings ?? []) as Obj[]).filter(
          (w) => w.log_type === 'information',
        ) as PyValue[];
      }
    }
    core.store.setStatus(rec, automaticStatus(rec));
    void core.dispatcher.emit(rec, 'status.updated');
    return;
  }
  for (const n of plan.nodes) {
    const items = (rec.decision[n.array] as Obj[]).filter((i) => i !== n.item);
    rec.decision[n.array] = items.length > 0 ? items : null;
  }
  core.store.setStatus(rec, 'Resubmitted');
  void core.dispatcher.emit(rec, 'status.updated', { resubmit_info: info });
  if (rec.scenario) {
    rec.scenario = 'approve';
    core.timers.after(core.stepDelayMs, () => {
      if (rec.deleted || rec.status !== 'Resubmitted') return;
      core.store.regenerate(rec, 'In Progress', origin, core.signer(origin));
      void core.dispatcher.emit(rec, 'status.updated');
      core.timers.after(core.stepDelayMs, () => {
        if (rec.deleted || rec.status !== 'In Progress') return;
        core.store.regenerate(rec, 'Approved', origin, core.signer(origin));
        void core.dispatcher.emit(rec, 'status.updated');
      });
    });
  }
}

/**
 * Re-running AML for the same person or company finds the same hits (the lists did not change in between),
 * keeping the reviewer's dispositions: only hits marked False Positive stop counting
 * (https://docs.didit.me/standalone-apis/aml-screening scoring; didit-v3.md §4.11). A confirmed match
 * declines, any other live hit waits for review, none approves.
 */
function rescreenedAmlStatus(item: Obj): string {
  const live = ((item.hits ?? []) as Obj[]).filter((h) => h.review_status !== 'False Positive');
  if (live.some((h) => h.review_status === 'Confirmed Match')) return 'Declined';
  return live.length > 0 ? 'In Review' : 'Approved';
}

/** The status the workflow's own rules give from its features: any Declined → Declined, any review → In Review. */
function automaticStatus(rec: SessionRecord): SessionStatus {
  let status: SessionStatus = 'Approved';
  for (const n of nodesOf(rec)) {
    if (n.item.status === 'Declined') return 'Declined';
    if (n.item.status !== 'Approved') status = 'In Review';
  }
  return status;
}
