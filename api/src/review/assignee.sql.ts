import { type ExpressionBuilder, sql } from 'kysely';
import type { DB } from '../schema.ts';

/** `GET /api/sessions?assigned=me|none`: cases the caller holds, or that nobody holds. */
export type AssignedFilter = { mode: 'me'; userId: string } | { mode: 'none' };

type SessionsEb = ExpressionBuilder<DB, 'sessions'>;

const liveClaims = (eb: SessionsEb, now: Date) =>
  eb
    .selectFrom('session_claims as sc')
    .whereRef('sc.session_id', '=', 'sessions.session_id')
    .where('sc.expires_at', '>', now);

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

export function assignedCondition(eb: SessionsEb, filter: AssignedFilter, now: Date) {
  if (filter.mode === 'none') return eb.not(eb.exists(liveClaims(eb, now).select(sql`1`.as('one'))));
  return eb.exists(liveClaims(eb, now).where('sc.user_id', '=', filter.userId).select(sql`1`.as('one')));
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
