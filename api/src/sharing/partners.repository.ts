import { type Kysely, type Selectable, sql } from 'kysely';
import { notFound } from '../platform/errors.ts';
import type { DB } from '../schema.ts';
import type { PartnersTable } from './sharing.tables.ts';

export type PartnerRow = Selectable<PartnersTable>;
export type PartnerWithCounts = PartnerRow & { shares: number; imports: number };

export interface NewPartner {
  name: string;
  application_id: string;
  contact: string | null;
  default_trust_review: boolean;
  notes: string;
  created_by: string | null;
  at: Date;
}

export async function insertPartner(db: Kysely<DB>, p: NewPartner): Promise<PartnerRow> {
  return db
    .insertInto('partners')
    .values({
      name: p.name,
      application_id: p.application_id,
      contact: p.contact,
      default_trust_review: p.default_trust_review,
      notes: p.notes,
      created_by: p.created_by,
      created_at: p.at,
      updated_at: p.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export type PartnerChanges = Partial<
  Pick<PartnerRow, 'name' | 'application_id' | 'contact' | 'default_trust_review' | 'notes'>
>;

export async function updatePartner(
  db: Kysely<DB>,
  id: string,
  changes: PartnerChanges,
  at: Date,
): Promise<PartnerRow | undefined> {
  return db
    .updateTable('partners')
    .set({ ...changes, updated_at: at })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

async function findPartner(db: Kysely<DB>, id: string): Promise<PartnerRow | undefined> {
  return db.selectFrom('partners').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getPartnerOrThrow(db: Kysely<DB>, id: string): Promise<PartnerRow> {
  const p = await findPartner(db, id);
  if (!p) throw notFound('Partner');
  return p;
}

export async function findPartnerByApplicationId(
  db: Kysely<DB>,
  applicationId: string,
): Promise<PartnerRow | undefined> {
  return db.selectFrom('partners').selectAll().where('application_id', '=', applicationId).executeTakeFirst();
}

/** Lock the row for an update that checks before it writes. */
export async function findPartnerForUpdate(db: Kysely<DB>, id: string): Promise<PartnerRow | undefined> {
  return db.selectFrom('partners').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/**
 * Every partner with its share and import counts. A console has tens of partners, not thousands: the
 * counts are per-partner index scans (share_tokens_partner_idx, imports_partner_idx), not a table scan.
 */
export async function listPartnersWithCounts(
  db: Kysely<DB>,
  ids?: readonly string[],
): Promise<PartnerWithCounts[]> {
  let q = db
    .selectFrom('partners as p')
    .selectAll('p')
    .select([
      sql<number>`(select count(*) from share_tokens s where s.partner_id = p.id)::int`.as('shares'),
      sql<number>`(select count(*) from imports i where i.partner_id = p.id)::int`.as('imports'),
    ])
    .orderBy(sql`lower(p.name)`)
    .orderBy('p.id');
  if (ids) {
    if (ids.length === 0) return [];
    q = q.where('p.id', 'in', ids);
  }
  return q.execute();
}
