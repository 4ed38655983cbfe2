import type { Kysely } from 'kysely';
import type { DB } from '../src/schema.ts';

/** The newest audit entry `action` about a session, every column; fails when there is none. */
export function auditEntry(db: Kysely<DB>, sessionId: string, action: string) {
  return db
    .selectFrom('audit_log')
    .selectAll()
    .where((eb) => eb.and({ session_id: sessionId, action }))
    .orderBy('seq', 'desc')
    .executeTakeFirstOrThrow();
}

/** Who did what, oldest first: the audit entries about a session, or about one subject (a staged decision). */
export function auditTrail(db: Kysely<DB>, about: { sessionId: string } | { subjectId: string }) {
  return db
    .selectFrom('audit_log')
    .select(['action', 'actor_id'])
    .where(
      'sessionId' in about ? 'session_id' : 'subject_id',
      '=',
      'sessionId' in about ? about.sessionId : about.subjectId,
    )
    .orderBy('seq')
    .execute();
}
