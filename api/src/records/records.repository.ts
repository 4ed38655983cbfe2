import { type Kysely, sql } from 'kysely';
import type { DB } from '../schema.ts';

export function findLegalHold(db: Kysely<DB>, sessionId: string) {
  return db
    .selectFrom('session_legal_holds as h')
    .leftJoin('users as u', 'u.id', 'h.set_by')
    .select(['h.session_id', 'h.reason', 'h.set_by', 'u.name as set_by_name', 'h.set_at'])
    .where('h.session_id', '=', sessionId)
    .executeTakeFirst();
}

export function findErasure(db: Kysely<DB>, sessionId: string) {
  return db
    .selectFrom('session_erasures as e')
    .leftJoin('users as u', 'u.id', 'e.erased_by')
    .select([
      'e.session_id',
      'e.reason',
      'e.erased_by',
      'u.name as erased_by_name',
      'e.erased_at',
      'e.didit_outcome',
      'e.events_redacted',
    ])
    .where('e.session_id', '=', sessionId)
    .executeTakeFirst();
}

/**
 * Locks the case's row: setting a hold and erasing both take it first, so an erasure never runs past a hold
 * set a moment earlier. Undefined when the console has no such session.
 */
export type LockedCase = NonNullable<Awaited<ReturnType<typeof lockCase>>>;

export async function lockCase(db: Kysely<DB>, sessionId: string) {
  return db
    .selectFrom('sessions')
    .select(['session_id', 'status', 'session_kind'])
    .where('session_id', '=', sessionId)
    .forUpdate()
    .executeTakeFirst();
}

export async function insertLegalHold(
  db: Kysely<DB>,
  h: { sessionId: string; reason: string; setBy: string; at: Date },
): Promise<void> {
  await db
    .insertInto('session_legal_holds')
    .values({ session_id: h.sessionId, reason: h.reason, set_by: h.setBy, set_at: h.at })
    .execute();
}

export async function deleteLegalHold(db: Kysely<DB>, sessionId: string): Promise<void> {
  await db.deleteFrom('session_legal_holds').where('session_id', '=', sessionId).execute();
}

export async function insertErasure(
  db: Kysely<DB>,
  e: {
    sessionId: string;
    reason: string;
    erasedBy: string;
    at: Date;
    diditOutcome: 'deleted' | 'already_gone';
    eventsRedacted: number;
  },
): Promise<void> {
  await db
    .insertInto('session_erasures')
    .values({
      session_id: e.sessionId,
      reason: e.reason,
      erased_by: e.erasedBy,
      erased_at: e.at,
      didit_outcome: e.diditOutcome,
      events_redacted: e.eventsRedacted,
    })
    .execute();
}

/**
 * Removes a session's personal data from the event log: the raw bodies and parsed payloads Didit sent (names,
 * documents, image links, every decision array) and `vendor_data`. What stays: statuses, times, sources and
 * event ids — the session's history. Returns how many events were redacted. The `webhook_events_erased`
 * trigger does the same for any event stored later.
 */
export async function redactSessionEvents(db: Kysely<DB>, sessionId: string): Promise<number> {
  const result = await db
    .updateTable('webhook_events')
    .set({
      raw_body: Buffer.alloc(0),
      payload: null,
      decision_at: null,
      has_metadata: false,
      vendor_data: null,
    })
    .where('session_id', '=', sessionId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * The copies of the session's data outside the event log: the share and import ledgers' decoded token claims,
 * and the `vendor_data` a batch share was asked for. The ledgers themselves (who shared or imported, when, on
 * what terms, the token fingerprints) stay.
 */
export async function redactSessionCopies(db: Kysely<DB>, sessionId: string): Promise<void> {
  await db.updateTable('share_tokens').set({ claims: null }).where('session_id', '=', sessionId).execute();
  await db.updateTable('imports').set({ claims: null }).where('session_id', '=', sessionId).execute();
  await db
    .updateTable('share_batch_items')
    .set({ vendor_data: null })
    .where('session_id', '=', sessionId)
    .execute();
}

/** Whether Postgres keeps anything of the session's raw bodies (the erasure test reads it). */
export async function rawBytesOfSession(db: Kysely<DB>, sessionId: string): Promise<number> {
  const { rows } = await sql<{ n: string | null }>`
    select sum(octet_length(raw_body))::text as n from webhook_events where session_id = ${sessionId}`.execute(
    db,
  );
  return Number(rows[0]?.n ?? 0);
}
