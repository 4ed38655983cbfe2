import { type Kysely, sql } from 'kysely';
import type { DB } from '../schema.ts';

/**
 * The few facts reusable KYC reads from the sessions projection (owned by the decision-sync feature).
 * Raw SQL on purpose: these are read-only lookups by key, and they keep this feature independent of how
 * that feature types its table.
 */
export interface LocalSession {
  session_id: string;
  session_kind: 'user' | 'business';
  status: string | null;
  vendor_data: string | null;
  shared_from_session: string | null;
}

export async function findLocalSession(db: Kysely<DB>, sessionId: string): Promise<LocalSession | undefined> {
  const { rows } = await sql<LocalSession>`
    select session_id, session_kind, status, vendor_data, shared_from_session
    from sessions where session_id = ${sessionId}`.execute(db);
  return rows[0];
}

export async function findLocalSessions(db: Kysely<DB>, ids: readonly string[]): Promise<LocalSession[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<LocalSession>`
    select session_id, session_kind, status, vendor_data, shared_from_session
    from sessions where session_id = any(${ids as string[]}::text[])`.execute(db);
  return rows;
}

/**
 * For each vendor_data, the session to share: the newest one Didit would mint a token for (finished), else
 * the newest at all (so the batch can say why it was refused). Served by a scan of the vendor's sessions;
 * a vendor has a handful.
 */
export async function findLatestSessionsByVendorData(
  db: Kysely<DB>,
  vendorData: readonly string[],
): Promise<Map<string, LocalSession>> {
  if (vendorData.length === 0) return new Map();
  const { rows } = await sql<LocalSession>`
    select distinct on (vendor_data) session_id, session_kind, status, vendor_data, shared_from_session
    from sessions
    where vendor_data = any(${vendorData as string[]}::text[])
    order by vendor_data,
      (status_key in ('APPROVED', 'DECLINED', 'IN_REVIEW')) desc,
      sort_at desc, session_id desc`.execute(db);
  return new Map(rows.map((r) => [r.vendor_data!, r]));
}
