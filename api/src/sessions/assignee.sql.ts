import { type ExpressionBuilder, sql } from 'kysely';
import type { DB } from '../schema.ts';

/**
 * `GET /api/sessions?assigned=me|none`: cases on the caller's desk (assigned to them, or held by their live
 * claim), or on nobody's (no assignment and no live claim).
 */
export type AssignedFilter = { mode: 'me'; userId: string } | { mode: 'none' };

type SessionsEb = ExpressionBuilder<DB, 'sessions'>;

const liveClaims = (eb: SessionsEb, now: Date) =>
  eb
    .selectFrom('session_claims as sc')
    .whereRef('sc.session_id', '=', 'sessions.session_id')
    .where('sc.expires_at', '>', now);

const assignments = (eb: SessionsEb) =>
  eb.selectFrom('session_assignments as sa').whereRef('sa.session_id', '=', 'sessions.session_id');

/**
 * The live claim's holder of each queue row, as a column `assignee` (null when free). A correlated lookup
 * on the claims primary key: one probe per row of the page, and the queue's own columns stay unqualified.
 */
export function assigneeColumn(eb: SessionsEb, now: Date) {
  return liveClaims(eb, now)
    .innerJoin('users as au', 'au.id', 'sc.user_id')
    .select(
      sql<{
        id: string;
        name: string;
        expires_at: string;
      }>`jsonb_build_object('id', au.id, 'name', au.name, 'expires_at', sc.expires_at)`.as('assignee'),
    )
    .as('assignee');
}

/** Who the case is assigned to, as a column `assigned_to` (null when unassigned); a primary-key probe. */
export function assignedToColumn(eb: SessionsEb) {
  return assignments(eb)
    .innerJoin('users as tu', 'tu.id', 'sa.user_id')
    .select(
      sql<{ id: string; name: string; assigned_at: string }>`jsonb_build_object(
        'id', tu.id, 'name', tu.name, 'assigned_at', sa.assigned_at)`.as('assigned_to'),
    )
    .as('assigned_to');
}

export function assignedCondition(eb: SessionsEb, filter: AssignedFilter, now: Date) {
  const one = sql`1`.as('one');
  if (filter.mode === 'none')
    return eb.and([
      eb.not(eb.exists(liveClaims(eb, now).select(one))),
      eb.not(eb.exists(assignments(eb).select(one))),
    ]);
  return eb.or([
    eb.exists(liveClaims(eb, now).where('sc.user_id', '=', filter.userId).select(one)),
    eb.exists(assignments(eb).where('sa.user_id', '=', filter.userId).select(one)),
  ]);
}

export interface AssigneeView {
  id: string;
  name: string;
  expires_at: string;
}

export function toAssigneeView(
  raw: { id: string; name: string; expires_at: string } | null,
): AssigneeView | null {
  if (!raw) return null;
  return { id: raw.id, name: raw.name, expires_at: new Date(raw.expires_at).toISOString() };
}

export interface AssignedToView {
  id: string;
  name: string;
  assigned_at: string;
}

export function toAssignedToView(
  raw: { id: string; name: string; assigned_at: string } | null,
): AssignedToView | null {
  if (!raw) return null;
  return { id: raw.id, name: raw.name, assigned_at: new Date(raw.assigned_at).toISOString() };
}
