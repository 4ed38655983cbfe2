import { type ExpressionBuilder, sql } from 'kysely';
import type { DB } from '../schema.ts';

/**
 * `GET /api/sessions?entity_status=FLAGGED,BLOCKED`: the session's person or business has one of these
 * statuses. A probe on the entities primary key (entity_kind, vendor_data) per row, or, when the planner
 * starts from the few flagged entities, entities_status_idx (migration 2026-12-07T01-40-00-queue-views).
 * A session whose entity Didit never reported has no status and matches none.
 */
export function entityStatusCondition(eb: ExpressionBuilder<DB, 'sessions'>, statuses: readonly string[]) {
  return eb.exists(
    eb
      .selectFrom('entities as en')
      .select(sql`1`.as('one'))
      .whereRef('en.entity_kind', '=', 'sessions.session_kind')
      .whereRef('en.vendor_data', '=', 'sessions.vendor_data')
      .where('en.status', 'in', statuses as never[]),
  );
}
