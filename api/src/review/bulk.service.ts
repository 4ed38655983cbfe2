import { NON_RESUBMITTABLE_FEATURES } from '@console/didit/features';
import { statusKey } from '@console/didit/statuses';
import { AppError } from '../platform/errors.ts';
import { bulkFalsePositive } from './aml-actions.service.ts';
import { assignCase, unassignCase } from './assignments.service.ts';
import { getCaseOrThrow } from './case.repository.ts';
import { claimCase, liveClaim, releaseCase } from './claims.service.ts';
import { requestDecision } from './decide.service.ts';
import { arrayItems, nodeFeatures, type ResubmitNode } from './decision-rules.ts';
import type { Actor, ReviewDeps } from './review.deps.ts';

export type BulkInput =
  /** `user_id: null` takes the cases off whoever's desk they are on. */
  | { action: 'assign'; session_ids: string[]; user_id: string | null }
  | {
      action: 'request_resubmission';
      session_ids: string[];
      comment: string;
      reason_codes: string[];
      /** The steps to redo, as workflow features (`ID_VERIFICATION`, `LIVENESS`…); each case's matching nodes. */
      features: string[];
    }
  | { action: 'dismiss_aml_hits'; session_ids: string[]; comment: string };

export type BulkResult =
  | { session_id: string; ok: true; staged?: boolean }
  | { session_id: string; ok: false; error: { code: string; message: string } };

/** Hits nobody dispositioned yet: what "dismiss as false positives" clears. Confirmed matches are never touched. */
function openHitIds(decision: unknown): string[] {
  const ids: string[] = [];
  for (const screening of arrayItems(decision, 'aml_screenings')) {
    for (const hit of Array.isArray(screening.hits) ? screening.hits : []) {
      if (!hit || typeof hit !== 'object') continue;
      const { id, review_status: status } = hit as { id?: unknown; review_status?: unknown };
      if (typeof id === 'string' && (status == null || status === 'Unreviewed')) ids.push(id);
    }
  }
  return ids;
}

/** The case's nodes that run one of the chosen features (the first chosen feature a node runs). */
function nodesFor(decision: unknown, features: readonly string[]): ResubmitNode[] {
  const chosen = features.filter((f) => !(NON_RESUBMITTABLE_FEATURES as readonly string[]).includes(f));
  const out: ResubmitNode[] = [];
  for (const [nodeId, has] of nodeFeatures(decision)) {
    const feature = chosen.find((f) => has.has(f));
    if (feature) out.push({ node_id: nodeId, feature });
  }
  return out;
}

async function requestResubmission(
  deps: ReviewDeps,
  actor: Actor,
  sessionId: string,
  input: Extract<BulkInput, { action: 'request_resubmission' }>,
): Promise<{ staged: boolean }> {
  const kase = await getCaseOrThrow(deps.db, sessionId);
  const nodes = nodesFor(kase.decision, input.features);
  if (nodes.length === 0)
    throw new AppError('VALIDATION', `This case has no ${input.features.join(' or ')} step to redo`);
  // Claims are respected: a case someone else holds is refused; one taken here is let go if Didit refuses.
  const heldBefore = (await liveClaim(deps.db, sessionId, deps.clock.now()))?.holder.id === actor.id;
  await claimCase(deps, actor, sessionId);
  try {
    const result = await requestDecision(deps, actor, sessionId, {
      new_status: 'Resubmitted',
      comment: input.comment,
      reason_codes: input.reason_codes,
      nodes_to_resubmit: nodes,
    });
    return { staged: result.kind === 'staged' };
  } catch (e) {
    if (!heldBefore) await releaseCase(deps, actor, sessionId).catch(() => undefined);
    throw e;
  }
}

async function applyOne(deps: ReviewDeps, actor: Actor, sessionId: string, input: BulkInput) {
  const kase = await getCaseOrThrow(deps.db, sessionId);
  if (kase.status === null || statusKey(kase.status) !== 'IN_REVIEW')
    throw new AppError('STATUS_NOT_ELIGIBLE', `The case is ${kase.status ?? 'not started'}, not In Review`);
  switch (input.action) {
    case 'assign':
      if (input.user_id === null) await unassignCase(deps, actor, sessionId);
      else await assignCase(deps, actor, sessionId, input.user_id);
      return {};
    case 'request_resubmission':
      return requestResubmission(deps, actor, sessionId, input);
    case 'dismiss_aml_hits': {
      const hitIds = openHitIds(kase.decision);
      if (hitIds.length === 0) throw new AppError('CONFLICT', 'The case has no open AML hit');
      await bulkFalsePositive(deps, actor, sessionId, { hit_ids: hitIds, comment: input.comment });
      return {};
    }
  }
}

/**
 * One action on several In Review cases, case by case: each goes through the same service (and so the same
 * claim, four-eyes and audit rules) as on its own page, and a refusal on one case is reported for that case
 * without stopping the others.
 */
export async function runBulk(deps: ReviewDeps, actor: Actor, input: BulkInput): Promise<BulkResult[]> {
  const results: BulkResult[] = [];
  for (const sessionId of [...new Set(input.session_ids)]) {
    try {
      const out = await applyOne(deps, actor, sessionId, input);
      results.push({ session_id: sessionId, ok: true, ...out });
    } catch (e) {
      // Anything unexpected is reported for its case too: the cases before it are done and audited.
      const err = e instanceof AppError ? e : new AppError('INTERNAL', 'This case could not be changed');
      results.push({ session_id: sessionId, ok: false, error: { code: err.code, message: err.message } });
    }
  }
  return results;
}
