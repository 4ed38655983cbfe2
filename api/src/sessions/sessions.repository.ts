import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { notFound } from '../errors.ts';
import { type AssignedFilter, assignedCondition, assigneeColumn } from '../review/assignee.sql.ts';

export interface SessionListFilter {
  /** Normalized keys (`IN_REVIEW`): Title Case and UPPER_SNAKE statuses match alike. */
  statusKeys?: string[] | undefined;
  kind?: 'user' | 'business' | undefined;
  imported?: boolean | undefined;
  q?: string | undefined;
  workflowId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  hasAmlHits?: boolean | undefined;
  hasUnreviewedHits?: boolean | undefined;
  hasIssues?: boolean | undefined;
  order: 'oldest' | 'newest';
  after?: { sortAt: Date; sessionId: string } | undefined;
  limit: number;
  /** Claims (review feature): `assigned=me|none`; `now` decides which claims are live. */
  assigned?: AssignedFilter | undefined;
  now: Date;
}

/** The columns a queue row shows; never the decision (large) or the search column. */
const LIST_COLUMNS = [
  'session_id',
  'session_number',
  'session_kind',
  'status',
  'status_key',
  'workflow_id',
  'workflow_version',
  'vendor_data',
  'full_name',
  'document_number',
  'warning_errors',
  'warning_warnings',
  'warning_information',
  'aml_hits',
  'aml_unreviewed_hits',
  'shared_from_session',
  'imported',
  'sort_at',
  'created_at',
  'updated_at',
  'last_event_at',
] as const;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/** One keyset page of the queue; `limit + 1` rows so the caller knows whether another page exists. */
export async function listSessions(db: Kysely<DB>, f: SessionListFilter) {
  let query = db
    .selectFrom('sessions')
    .select(LIST_COLUMNS)
    .select((eb) => assigneeColumn(eb, f.now));
  const assigned = f.assigned;
  if (assigned) query = query.where((eb) => assignedCondition(eb, assigned, f.now));
  if (f.statusKeys?.length) query = query.where('status_key', 'in', f.statusKeys);
  if (f.kind) query = query.where('session_kind', '=', f.kind);
  if (f.imported !== undefined) query = query.where('imported', '=', f.imported);
  if (f.workflowId) query = query.where('workflow_id', '=', f.workflowId);
  if (f.from) query = query.where('sort_at', '>=', f.from);
  if (f.to) query = query.where('sort_at', '<', f.to);
  if (f.hasAmlHits !== undefined) query = query.where('aml_hits', f.hasAmlHits ? '>' : '=', 0);
  if (f.hasUnreviewedHits !== undefined)
    query = query.where('aml_unreviewed_hits', f.hasUnreviewedHits ? '>' : '=', 0);
  if (f.hasIssues !== undefined) {
    query = f.hasIssues
      ? query.where((eb) => eb.or([eb('warning_errors', '>', 0), eb('warning_warnings', '>', 0)]))
      : query.where('warning_errors', '=', 0).where('warning_warnings', '=', 0);
  }
  if (f.q) {
    const pattern = `%${escapeLike(f.q)}%`;
    const textMatch = sql<boolean>`search_text like lower(${pattern})`;
    query = /^\d{1,15}$/.test(f.q)
      ? query.where((eb) => eb.or([eb('session_number', '=', Number(f.q)), textMatch]))
      : query.where(textMatch);
  }
  const dir = f.order === 'oldest' ? 'asc' : 'desc';
  if (f.after) {
    const cmp = f.order === 'oldest' ? sql.raw('>') : sql.raw('<');
    query = query.where(
      sql<boolean>`(sort_at, session_id) ${cmp} (${f.after.sortAt}::timestamptz, ${f.after.sessionId})`,
    );
  }
  return query
    .orderBy('sort_at', dir)
    .orderBy('session_id', dir)
    .limit(f.limit + 1)
    .execute();
}

export type SessionListRow = Awaited<ReturnType<typeof listSessions>>[number];

export async function findSession(db: Kysely<DB>, sessionId: string) {
  return db
    .selectFrom('sessions')
    .select([...LIST_COLUMNS, 'decision', 'metadata', 'has_decision', 'didit_created_at', 'reconciled_at'])
    .where('session_id', '=', sessionId)
    .executeTakeFirst();
}

export type SessionRow = NonNullable<Awaited<ReturnType<typeof findSession>>>;

export async function getSessionOrThrow(db: Kysely<DB>, sessionId: string): Promise<SessionRow> {
  const row = await findSession(db, sessionId);
  if (!row) throw notFound('Session');
  return row;
}

/** One entry per folded event, in event order (a late event sits where it happened, not where it arrived). */
export async function listStatusHistory(db: Kysely<DB>, sessionId: string) {
  return db
    .selectFrom('session_status_history')
    .select(['status', 'at', 'source', 'event_id'])
    .where('session_id', '=', sessionId)
    .orderBy('at')
    .orderBy('tiebreak')
    .execute();
}

/** Whether the projection holds anything (sandbox mode seeds an empty one). Not a count: no full scan. */
export async function hasAnySession(db: Kysely<DB>): Promise<boolean> {
  const row = await db.selectFrom('sessions').select('session_id').limit(1).executeTakeFirst();
  return row !== undefined;
}
