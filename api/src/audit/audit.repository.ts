import { type Kysely, sql } from 'kysely';
import type { DB } from '../schema.ts';
import type { ChainEntry } from './audit.chain.ts';
import type { AuditLogTable } from './audit.tables.ts';

/** One advisory-lock key for the whole log: appends are serialized so the chain cannot fork. */
const AUDIT_APPEND_LOCK = 0x6175_6469; // "audi"

export async function lockAuditHead(trx: Kysely<DB>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${AUDIT_APPEND_LOCK})`.execute(trx);
}

export function findAuditHead(db: Kysely<DB>) {
  return db
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function insertAuditRow(db: Kysely<DB>, e: ChainEntry & { atDate: Date }): Promise<void> {
  const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
  const { atDate, at: _iso, before, after, details, ...columns } = e;
  await db
    .insertInto('audit_log')
    .values({ ...columns, at: atDate, before: json(before), after: json(after), details: json(details) })
    .execute();
}

export interface AuditFilter {
  actorId?: string | undefined;
  /** Part of an actor's name or email, or of a label such as `system`. */
  actorText?: string | undefined;
  /** The start of an action (`review.` finds every review action; a whole action finds itself). */
  actionPrefix?: string | undefined;
  /** A whole session id, or its start (the table shows the first 8 characters). */
  sessionIdPrefix?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Keyset: entries with a smaller seq (newest first). */
  beforeSeq?: number | undefined;
}

type AuditRow = {
  [K in keyof AuditLogTable]: K extends 'before' | 'after' | 'details' ? unknown : AuditLogTable[K];
};

/** `%`, `_` and `\\` typed into a filter match themselves. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Newest first. */
export function listAuditRows(db: Kysely<DB>, f: AuditFilter, limit: number): Promise<AuditRow[]> {
  let q = db.selectFrom('audit_log').selectAll();
  if (f.actorId) q = q.where('actor_id', '=', f.actorId);
  const actorText = f.actorText;
  if (actorText) {
    const pattern = `%${likeEscape(actorText)}%`;
    q = q.where((eb) =>
      eb.or([
        eb(
          'actor_id',
          'in',
          eb
            .selectFrom('users')
            .select('users.id')
            .where((u) => u.or([u('users.name', 'ilike', pattern), u('users.email', 'ilike', pattern)])),
        ),
        eb('actor_label', 'ilike', pattern),
      ]),
    );
  }
  if (f.actionPrefix) q = q.where('action', 'like', `${likeEscape(f.actionPrefix)}%`);
  if (f.sessionIdPrefix) q = q.where('session_id', 'like', `${likeEscape(f.sessionIdPrefix)}%`);
  if (f.from) q = q.where('at', '>=', f.from);
  if (f.to) q = q.where('at', '<', f.to);
  if (f.beforeSeq !== undefined) q = q.where('seq', '<', f.beforeSeq);
  return q.orderBy('seq', 'desc').limit(limit).execute() as Promise<AuditRow[]>;
}

/**
 * Oldest first: the entries after a seq (verification and export read the chain in batches), or every entry
 * about one case (its report; `audit_log_session_idx` serves it).
 */
export function auditRowsOldestFirst(
  db: Kysely<DB>,
  of: { afterSeq: number } | { sessionId: string },
  limit: number,
): Promise<AuditRow[]> {
  return db
    .selectFrom('audit_log')
    .selectAll()
    .where((eb) => ('afterSeq' in of ? eb('seq', '>', of.afterSeq) : eb('session_id', '=', of.sessionId)))
    .orderBy('seq', 'asc')
    .limit(limit)
    .execute() as Promise<AuditRow[]>;
}

export function toChainEntry(r: AuditRow): ChainEntry {
  return {
    seq: Number(r.seq),
    at: r.at.toISOString(),
    actor_id: r.actor_id,
    actor_label: r.actor_label,
    action: r.action,
    subject_type: r.subject_type,
    subject_id: r.subject_id,
    session_id: r.session_id,
    request_id: r.request_id,
    ip: r.ip,
    user_agent: r.user_agent,
    before: r.before ?? null,
    after: r.after ?? null,
    details: r.details ?? null,
    prev_hash: r.prev_hash,
    hash: r.hash,
  };
}
