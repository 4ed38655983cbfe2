import { randomUUID } from 'node:crypto';
import { isDiditError } from '@console/didit/errors';
import type { ClaimedJob } from '../platform/jobs/jobs.repository.ts';
import type { JobContext } from '../platform/jobs/worker.ts';
import { applyEvent } from '../sessions/apply-event.ts';
import { eventFromDecision } from '../sessions/event-input.ts';
import { type FetchDeps, fetchTime, requireDidit } from '../sessions/fetch-decision.ts';
import {
  type DriftInput,
  findReconcileCandidates,
  findReconcileView,
  insertDrifts,
  markReconciled,
} from './sync.repository.ts';

export const RECONCILE_JOB = 'sync.reconcile';
/** Sessions checked per run: a small share of the 600 GET/min budget, leaving the rest to people. */
const RECONCILE_BATCH = 50;
/** "Changed recently": sessions updated within this window are re-checked even when settled. */
const RECENT_WINDOW_MS = 24 * 3_600_000;

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** The fields reviewers act on, as Didit reports them now (the same rules the projection's columns use). */
function diditFacts(decision: unknown) {
  const d = isObject(decision) ? decision : {};
  let hits = 0;
  let unreviewed = 0;
  for (const screening of Array.isArray(d.aml_screenings) ? d.aml_screenings : []) {
    for (const hit of isObject(screening) && Array.isArray(screening.hits) ? screening.hits : []) {
      hits++;
      const rs = isObject(hit) ? hit.review_status : undefined;
      if (rs === undefined || rs === 'Unreviewed') unreviewed++;
    }
  }
  const s = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    status: s(d.status),
    vendor_data: s(d.vendor_data),
    workflow_id: s(d.workflow_id),
    aml_hits: String(hits),
    aml_unreviewed_hits: String(unreviewed),
  };
}

/**
 * Re-fetches one session and records every field where the console differs from Didit; a drift is then
 * healed by applying the fetched decision as a `reconcile` event. Returns the drifts found.
 */
export async function reconcileSession(deps: FetchDeps, sessionId: string): Promise<DriftInput[]> {
  const didit = requireDidit(deps.didit);
  const local = await findReconcileView(deps.db, sessionId);
  if (!local) return [];
  let decision: unknown;
  try {
    decision = await didit.getDecision(sessionId);
  } catch (err) {
    if (!(isDiditError(err) && err.kind === 'not_found')) throw err;
    const now = deps.clock.now();
    const drift = {
      session_id: sessionId,
      field: 'exists',
      local_value: 'true',
      didit_value: 'false',
      detected_at: now,
    };
    await deps.db.transaction().execute(async (trx) => {
      await insertDrifts(trx, [drift]);
      await markReconciled(trx, sessionId, now);
    });
    return [drift];
  }
  const now = deps.clock.now();
  const remote = diditFacts(decision);
  const mine = {
    status: local.status,
    vendor_data: local.vendor_data,
    workflow_id: local.workflow_id,
    aml_hits: String(local.aml_hits),
    aml_unreviewed_hits: String(local.aml_unreviewed_hits),
  };
  const drifts: DriftInput[] = [];
  for (const field of Object.keys(remote) as (keyof typeof remote)[]) {
    // Didit omitting a field is not a difference we can act on.
    if (remote[field] === null) continue;
    if (remote[field] !== mine[field]) {
      drifts.push({
        session_id: sessionId,
        field,
        local_value: mine[field],
        didit_value: remote[field],
        detected_at: now,
      });
    }
  }
  if (!local.has_decision && isObject(decision)) {
    drifts.push({
      session_id: sessionId,
      field: 'decision',
      local_value: null,
      didit_value: 'present',
      detected_at: now,
    });
  }
  if (drifts.length > 0) {
    const fetchedAt = await fetchTime(deps, sessionId);
    await applyEvent(
      deps.db,
      eventFromDecision({
        source: 'reconcile',
        sessionId,
        decision,
        fetchedAt,
        eventKey: `reconcile:${sessionId}:${randomUUID()}`,
      }),
      now,
    );
  }
  await deps.db.transaction().execute(async (trx) => {
    await insertDrifts(trx, drifts);
    await markReconciled(trx, sessionId, now);
  });
  return drifts;
}

/** The periodic job: one batch, then it schedules itself `intervalSeconds` later. */
export function reconcileJobHandler(deps: FetchDeps, intervalSeconds: number) {
  return async (_job: ClaimedJob, ctx: JobContext) => {
    const started = deps.clock.now();
    if (deps.didit) {
      const ids = await findReconcileCandidates(deps.db, {
        changedSince: new Date(started.getTime() - RECENT_WINDOW_MS),
        limit: RECONCILE_BATCH,
      });
      for (const id of ids) {
        if (ctx.signal.aborted) break;
        await reconcileSession(deps, id);
      }
    }
    return { runAt: new Date(deps.clock.now().getTime() + intervalSeconds * 1000) };
  };
}
