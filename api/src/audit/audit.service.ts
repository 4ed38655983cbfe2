import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../schema.ts';
import { entryHash, GENESIS_HASH, normalizeJson } from './audit.chain.ts';
import { findAuditHead, insertAuditRow, lockAuditHead } from './audit.repository.ts';

export { type AuditContext, auditContext } from './audit.context.ts';

export interface AuditEntryInput {
  actor: { id: string | null; label: string };
  /** `feature.verb`, e.g. `session.decision`, `auth.login`, `user.update`. */
  action: string;
  subjectType: string;
  subjectId: string | null;
  /** The Didit session this entry concerns, if any (filterable). */
  sessionId?: string | null;
  requestId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  before?: unknown;
  after?: unknown;
  details?: unknown;
  /** Defaults to the wall clock; pass the injected clock's time where one exists. */
  at?: Date;
}

/**
 * Appends one entry to the hash chain. Inside a caller's transaction it joins it (the entry commits or
 * rolls back with the caller's writes); otherwise it opens its own. The advisory lock it takes is held
 * until that transaction ends, so call it as the last statement of a transaction. Never put secrets,
 * tokens or data subjects' personal data in before/after/details: the log is exported to auditors.
 */
export async function appendAudit(db: Kysely<DB> | Transaction<DB>, entry: AuditEntryInput): Promise<void> {
  if (db.isTransaction) return appendLocked(db, entry);
  await db.transaction().execute((trx) => appendLocked(trx, entry));
}

async function appendLocked(trx: Kysely<DB>, entry: AuditEntryInput): Promise<void> {
  await lockAuditHead(trx);
  const head = await findAuditHead(trx);
  const atDate = new Date((entry.at ?? new Date()).getTime());
  const body = {
    seq: head ? Number(head.seq) + 1 : 1,
    at: atDate.toISOString(),
    actor_id: entry.actor.id,
    actor_label: entry.actor.label,
    action: entry.action,
    subject_type: entry.subjectType,
    subject_id: entry.subjectId,
    session_id: entry.sessionId ?? null,
    request_id: entry.requestId ?? null,
    ip: entry.ip ?? null,
    user_agent: entry.userAgent ?? null,
    before: normalizeJson(entry.before),
    after: normalizeJson(entry.after),
    details: normalizeJson(entry.details),
  };
  const prevHash = head?.hash ?? GENESIS_HASH;
  await insertAuditRow(trx, { ...body, atDate, prev_hash: prevHash, hash: entryHash(prevHash, body) });
}
