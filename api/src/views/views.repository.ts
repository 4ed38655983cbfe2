import type { Kysely } from 'kysely';
import type { DB } from '../schema.ts';

const COLUMNS = [
  'v.id',
  'v.owner_id',
  'u.name as owner_name',
  'v.name',
  'v.query',
  'v.shared',
  'v.columns',
  'v.created_at',
] as const;

/** The caller's own views and the team's shared ones, by name; a team keeps a handful, so no paging. */
export function listViews(db: Kysely<DB>, userId: string) {
  return db
    .selectFrom('saved_views as v')
    .innerJoin('users as u', 'u.id', 'v.owner_id')
    .select(COLUMNS)
    .where((eb) => eb.or([eb('v.owner_id', '=', userId), eb('v.shared', '=', true)]))
    .orderBy('v.name')
    .orderBy('v.id')
    .limit(200)
    .execute();
}

export type ViewRow = Awaited<ReturnType<typeof listViews>>[number];

export function findView(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('saved_views as v')
    .innerJoin('users as u', 'u.id', 'v.owner_id')
    .select(COLUMNS)
    .where('v.id', '=', id)
    .executeTakeFirst();
}

/** Saving under a name the owner already uses replaces that view. */
export async function upsertView(
  db: Kysely<DB>,
  v: { ownerId: string; name: string; query: string; shared: boolean; columns: string[] | null; now: Date },
): Promise<string> {
  const row = await db
    .insertInto('saved_views')
    .values({
      owner_id: v.ownerId,
      name: v.name,
      query: v.query,
      shared: v.shared,
      columns: v.columns,
      created_at: v.now,
    })
    .onConflict((oc) =>
      oc.columns(['owner_id', 'name']).doUpdateSet({ query: v.query, shared: v.shared, columns: v.columns }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function deleteView(db: Kysely<DB>, id: string) {
  return db.deleteFrom('saved_views').where('id', '=', id).executeTakeFirst();
}
