import type { PyValue } from '@console/didit/python-json';
import { AML_REVIEW_STATUSES } from '@console/didit/types';
import { Hono } from 'hono';
import { appOf, type Core, type SandboxEnv } from './core.ts';
import { optionalString, requiredChoice } from './fields.ts';
import type { Obj } from './generator-context.ts';
import { ApiError, badRequest, fieldError, notFound, pyJson, readJsonObject, requestOrigin } from './http.ts';
import { planResubmission, resubmit } from './resubmit.ts';
import {
  apiClientReview,
  MANUAL_TARGETS,
  type SessionStatus,
  UPDATABLE_STATUSES,
  wireStatus,
} from './statuses.ts';

/**
 * Didit's "Wrong Current Status" (https://docs.didit.me/sessions-api/update-status names the error, no
 * wording beyond that), in DRF's `{detail}` shape; @console/didit's documented/errors.json holds the same.
 */
const WRONG_CURRENT_STATUS = 'Wrong Current Status';

/** `PATCH …/update-status/` (docs/didit.md §2.4) and the AML hit dispositions (§2.10). */
export function reviewRoutes(core: Core): Hono<SandboxEnv> {
  const r = new Hono<SandboxEnv>();

  r.patch('/v3/session/:id/update-status/', async (c) => {
    const rec = core.store.session(appOf(c), c.req.param('id'));
    if (!rec) throw notFound();
    // The eligible-state check runs before body validation [D:update].
    if (!UPDATABLE_STATUSES.has(rec.status)) throw badRequest({ detail: WRONG_CURRENT_STATUS });
    const body = await readJsonObject(c);
    const target = requiredChoice(body, 'new_status', MANUAL_TARGETS);
    const comment = optionalString(body, 'comment');
    if (body.send_email !== undefined && typeof body.send_email !== 'boolean') {
      throw fieldError('send_email', 'Must be a valid boolean.');
    }
    if (
      body.send_email === true &&
      (typeof body.email_address !== 'string' || !body.email_address.includes('@'))
    ) {
      throw fieldError('email_address', 'This field is required when send_email is true.');
    }
    const next = target as SessionStatus;
    if (next === rec.status) {
      // Same status: the ja/hi pages' behaviour — Approved/Declined are a 200 no-op, Resubmitted a 400.
      if (next === 'Resubmitted')
        throw badRequest({ detail: 'The new status is the same as the current status.' });
      return pyJson(c, 200, { session_id: rec.id });
    }
    const origin = requestOrigin(c);
    const previous = rec.status;
    const review = apiClientReview(rec, next, comment, core.clock.now());
    if (next === 'Resubmitted') {
      const plan = planResubmission(rec, body.nodes_to_resubmit);
      if (plan.backendOnly && rec.lastBackendResubmitAt !== undefined) {
        const elapsed = core.clock.now().getTime() - rec.lastBackendResubmitAt;
        if (elapsed < 30_000) {
          const wait = String(Math.ceil((30_000 - elapsed) / 1000));
          throw new ApiError(
            429,
            { detail: `Request was throttled. Expected available in ${wait} seconds.` },
            { 'Retry-After': wait },
          );
        }
      }
      (rec.decision.reviews as PyValue[]).push(review);
      await resubmit(core, rec, plan, origin);
      return pyJson(c, 200, { session_id: rec.id });
    }
    if (rec.decision.status_override === null || rec.decision.status_override === undefined) {
      rec.decision.status_override = {
        overridden_at: review.created_at,
        automatic_status: wireStatus(rec, previous),
      };
    }
    (rec.decision.reviews as PyValue[]).push(review);
    core.store.setStatus(rec, next);
    void core.dispatcher.emit(rec, 'status.updated');
    return pyJson(c, 200, { session_id: rec.id });
  });

  const findHit = (screenings: PyValue, hitId: string, nodeId: string | undefined): Obj | undefined => {
    if (!Array.isArray(screenings)) return undefined;
    for (const s of screenings as Obj[]) {
      if (nodeId !== undefined && s.node_id !== nodeId) continue;
      for (const h of (s.hits ?? []) as Obj[]) if (h.id === hitId) return h;
    }
    return undefined;
  };

  const parseUpdate = (u: Record<string, unknown>, field: string): { hitId: string; review: string } => {
    if (typeof u.hit_id !== 'string' || u.hit_id === '')
      throw fieldError(field === '' ? 'hit_id' : field, 'hit_id is required.');
    if (
      typeof u.review_status !== 'string' ||
      !(AML_REVIEW_STATUSES as readonly string[]).includes(u.review_status)
    ) {
      throw fieldError(
        field === '' ? 'review_status' : field,
        `"${String(u.review_status)}" is not a valid choice.`,
      );
    }
    return { hitId: u.hit_id, review: u.review_status };
  };

  r.patch('/v3/session/:id/update-aml-hit-status/', async (c) => {
    const rec = core.store.session(appOf(c), c.req.param('id'));
    if (!rec) throw notFound();
    const body = await readJsonObject(c);
    const { hitId, review } = parseUpdate(body, '');
    const nodeId = typeof body.node_id === 'string' ? body.node_id : c.req.query('node_id');
    const hit = findHit(rec.decision.aml_screenings ?? null, hitId, nodeId);
    if (!hit) throw notFound('Hit not found.');
    hit.review_status = review;
    void core.dispatcher.emit(rec, 'data.updated', { trigger: 'aml_hit_review_status_updated' });
    return pyJson(c, 200, {
      message: 'Hit status updated successfully',
      hit_id: hitId,
      review_status: review,
    });
  });

  r.patch('/v3/session/:id/bulk-update-aml-hit-status/', async (c) => {
    const rec = core.store.session(appOf(c), c.req.param('id'));
    if (!rec) throw notFound();
    const body = await readJsonObject(c);
    if (!Array.isArray(body.hit_updates) || body.hit_updates.length === 0) {
      throw fieldError('hit_updates', 'This list may not be empty.');
    }
    const nodeId = typeof body.node_id === 'string' ? body.node_id : c.req.query('node_id');
    const updates = (body.hit_updates as unknown[]).map((u) => {
      if (u === null || typeof u !== 'object') throw fieldError('hit_updates', 'Expected a list of objects.');
      return parseUpdate(u as Record<string, unknown>, 'hit_updates');
    });
    // All or nothing: every hit is found before any changes.
    const hits = updates.map((u) => {
      const hit = findHit(rec.decision.aml_screenings ?? null, u.hitId, nodeId);
      if (!hit) throw notFound(`Hit not found: ${u.hitId}`);
      return hit;
    });
    hits.forEach((h, i) => {
      h.review_status = updates[i]!.review;
    });
    void core.dispatcher.emit(rec, 'data.updated', { trigger: 'aml_hit_review_status_updated' });
    return pyJson(c, 200, {
      message: 'Hit statuses updated successfully',
      updated_hits: updates.map((u) => ({ hit_id: u.hitId, review_status: u.review })),
    });
  });

  return r;
}
