import { type Kysely, sql } from 'kysely';
import type { DB } from '../schema.ts';

/** Active accounts that may decide cases, by name (the assignment picker; a team is small). */
export function listReviewers(db: Kysely<DB>): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('disabled', '=', false)
    .where(sql<boolean>`'reviewer' = any(roles)`)
    .orderBy('name')
    .orderBy('id')
    .limit(500)
    .execute();
}
