import type { QueueSort } from '@console/contract/queue';
import {
  CompiledQuery,
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type SqlBool,
  sql,
} from 'kysely';
import { notFound } from '../platform/errors.ts';
import type { DB } from '../schema.ts';
import { type AssignedFilter, assignedCondition, assignedToColumn, assigneeColumn } from './assignee.sql.ts';
import { entityStatusCondition } from './entity-status.sql.ts';
import { storedPayload } from './events.repository.ts';
import { type QueueKey, sortedPage } from './queue-sort.sql.ts';
import { DECISION_COLUMNS } from './session-columns.ts';

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
  /** The session's person or business (entities, by kind and vendor_data) has one of these statuses. */
  entityStatuses?: readonly string[] | undefined;
  order: 'oldest' | 'newest';
  /** What the page is ordered by (then session_id): queue-sort.sql.ts; `created` (when the case began) by default. */
  sort?: QueueSort | undefined;
  after?: QueueKey | undefined;
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
  ...DECISION_COLUMNS,
  'shared_from_session',
  'imported',
  'sort_at',
  'created_at',
  'updated_at',
  'last_event_at',
] as const;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

type SessionsEb = ExpressionBuilder<DB, 'sessions'>;

/**
 * How a digits-only `q` treats the session number: `or` matches it or the text (counting), `only` the exact
 * number (the first rows of a search), `exclude` the text matches that are not that number (the rest).
 */
export type NumberMatch = 'or' | 'only' | 'exclude';

/** Every filter of the queue as one condition, shared by the page and its total. */
function listConditions(
  eb: SessionsEb,
  f: Omit<SessionListFilter, 'order' | 'after' | 'limit'>,
  numbers: NumberMatch,
) {
  const and: Expression<SqlBool>[] = [];
  if (f.assigned) and.push(assignedCondition(eb, f.assigned, f.now));
  if (f.statusKeys?.length) and.push(eb('status_key', 'in', f.statusKeys));
  if (f.kind) and.push(eb('session_kind', '=', f.kind));
  if (f.imported !== undefined) and.push(eb('imported', '=', f.imported));
  if (f.workflowId) and.push(eb('workflow_id', '=', f.workflowId));
  if (f.from) and.push(eb('sort_at', '>=', f.from));
  if (f.to) and.push(eb('sort_at', '<', f.to));
  if (f.hasAmlHits !== undefined) and.push(eb('aml_hits', f.hasAmlHits ? '>' : '=', 0));
  if (f.hasUnreviewedHits !== undefined)
    and.push(eb('aml_unreviewed_hits', f.hasUnreviewedHits ? '>' : '=', 0));
  if (f.hasIssues !== undefined) {
    and.push(
      f.hasIssues
        ? eb.or([eb('warning_errors', '>', 0), eb('warning_warnings', '>', 0)])
        : eb.and([eb('warning_errors', '=', 0), eb('warning_warnings', '=', 0)]),
    );
  }
  if (f.entityStatuses?.length) and.push(entityStatusCondition(eb, f.entityStatuses));
  if (f.q) {
    // Accents folded on both sides (console_fold, indexed): `Jose Garcia` finds `José García`.
    const pattern = `%${escapeLike(f.q)}%`;
    const folded = sql<SqlBool>`console_fold(search_text) like console_fold(${pattern})`;
    // The session id is not in search_text: whole or by its first characters, through its own B-tree.
    const idPrefix = sessionIdPrefixOf(f.q);
    const textMatch =
      idPrefix === undefined
        ? folded
        : eb.or([folded, sql<SqlBool>`lower(session_id) like ${`${escapeLike(idPrefix)}%`}`]);
    const number = sessionNumberOf(f.q);
    if (number === undefined) and.push(textMatch);
    else if (numbers === 'only') and.push(eb('session_number', '=', number));
    else if (numbers === 'exclude')
      and.push(eb.and([textMatch, sql<SqlBool>`session_number is distinct from ${number}`]));
    else and.push(eb.or([eb('session_number', '=', number), textMatch]));
  }
  return eb.and(and);
}

/** The shortest start of a session id a search looks up: people paste the first 8 characters of a UUID. */
const SESSION_ID_PREFIX_MIN = 8;

/**
 * A search that can be the start of a session id (no spaces, at least SESSION_ID_PREFIX_MIN characters; the
 * whole id included), lowered as `sessions_session_id_prefix_idx` holds ids; otherwise undefined.
 */
function sessionIdPrefixOf(q: string): string | undefined {
  const t = q.trim();
  return t.length >= SESSION_ID_PREFIX_MIN && !/\s/.test(t) ? t.toLowerCase() : undefined;
}

/** A digits-only search is also a session number. */
export function sessionNumberOf(q: string | undefined): number | undefined {
  return q && /^\d{1,15}$/.test(q) ? Number(q) : undefined;
}

/** One keyset page of the queue; `limit + 1` rows so the caller knows whether another page exists. */
export async function listSessions(db: Kysely<DB>, f: SessionListFilter, numbers: NumberMatch = 'or') {
  const query = db
    .selectFrom('sessions')
    .select(LIST_COLUMNS)
    .select((eb) => assigneeColumn(eb, f.now))
    .select((eb) => assignedToColumn(eb))
    .where((eb) => listConditions(eb, f, numbers));
  return sortedPage(query, {
    sort: f.sort ?? 'created',
    order: f.order,
    after: f.after,
    limit: f.limit + 1,
    singleStatus: f.statusKeys?.length === 1,
  });
}

/** Counted exactly up to this many rows; above it the planner's estimate is reported instead. */
export const EXACT_COUNT_CAP = 1000;

/**
 * How many rows the queue's filters match: exact up to EXACT_COUNT_CAP (a capped count reads at most that
 * many index entries), otherwise an estimate — the table's reltuples without filters, the planner's row
 * estimate with them — never a full `count(*)` on the hot path.
 */
export async function countSessions(
  db: Kysely<DB>,
  f: Omit<SessionListFilter, 'order' | 'after' | 'limit'>,
): Promise<{ count: number; exact: boolean }> {
  const matching = db
    .selectFrom('sessions')
    .select(sql`1`.as('one'))
    .where((eb) => listConditions(eb, f, 'or'));
  const capped = await db
    .selectFrom(matching.limit(EXACT_COUNT_CAP + 1).as('m'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(capped.n) <= EXACT_COUNT_CAP) return { count: Number(capped.n), exact: true };
  const compiled = matching.compile();
  const unfiltered = compiled.parameters.length === 0 && !/\bwhere\b/i.test(compiled.sql);
  let estimate: number;
  if (unfiltered) {
    const row = await sql<{ n: number }>`
      select greatest(reltuples, 0)::bigint as n from pg_class where oid = 'sessions'::regclass`.execute(db);
    estimate = Number(row.rows[0]?.n ?? 0);
  } else {
    const plan = await db.executeQuery<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(
      CompiledQuery.raw(`explain (format json) ${compiled.sql}`, [...compiled.parameters]),
    );
    const raw = plan.rows[0]?.['QUERY PLAN'];
    const parsed = typeof raw === 'string' ? JSON.parse(raw) : raw;
    estimate = Number(parsed?.[0]?.Plan?.['Plan Rows'] ?? 0);
  }
  return { count: Math.max(EXACT_COUNT_CAP + 1, Math.round(estimate)), exact: false };
}

export type SessionListRow = Awaited<ReturnType<typeof listSessions>>[number];

/**
 * The session's decision, read from the event it came from: the event log keeps the only copy, `sessions`
 * names the event (`decision_event_id`) and `webhook_events.decision_at` says where the decision sits in its
 * payload. Null without a decision, and for an erased session (its events' payloads are emptied). For a
 * query on `sessions` under that name: `.select(sessionDecision.as('decision'))`.
 */
export const sessionDecision = sql<unknown>`(
  select case e.decision_at when 'root' then ${storedPayload('e')} when 'decision' then ${storedPayload('e')} -> 'decision' end
  from webhook_events e where e.id = sessions.decision_event_id)`;

/** The session's metadata, likewise read from the event it came from (`metadata_event_id`). */
export const sessionMetadata = sql<unknown>`(
  select case when e.has_metadata then ${storedPayload('e')} -> 'metadata' end
  from webhook_events e where e.id = sessions.metadata_event_id)`;

export async function findSession(db: Kysely<DB>, sessionId: string) {
  return db
    .selectFrom('sessions')
    .select([...LIST_COLUMNS, 'has_decision', 'didit_created_at', 'reconciled_at'])
    .select([sessionDecision.as('decision'), sessionMetadata.as('metadata')])
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
