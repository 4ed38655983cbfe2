import type { QueueSort } from '@console/contract/queue';
import { type RawBuilder, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { DB } from '../schema.ts';

/**
 * The queue's sorts as keysets (`GET /api/sessions?sort=`): each orders by its key columns, then session_id,
 * all in one direction, so one (status_key, key…, session_id) index serves every tab and one
 * (key…, session_id) index the unfiltered queue, forwards and backwards (migrations
 * 2026-11-22T04-00-00-decision-sync, 2026-12-07T01-40-00-queue-views, 2026-12-07T08-00-00-queue-column-sorts).
 * A page is "the rows after the cursor's row in that order", written as a row comparison the index starts at.
 */

/** How many characters of the folded name the subject sort compares: the cursor carries them, and stays short. */
export const SUBJECT_KEY_LENGTH = 32;

/**
 * The subject sort's key: the name folded as search folds it (case and accents ignored), its first
 * SUBJECT_KEY_LENGTH characters, compared byte-wise ("C") so the order is the same under any server locale.
 * It must stay the expression of sessions_subject_order_idx and sessions_status_subject_idx.
 */
const SUBJECT_KEY = sql<
  string | null
>`(left(console_fold(full_name), ${sql.lit(SUBJECT_KEY_LENGTH)}) collate "C")`;

/** The row fields a cursor is made from (the queue's list columns, and the subject key selected with them). */
export interface QueueKeyRow {
  session_id: string;
  sort_at: Date;
  last_event_at?: Date;
  session_number?: number | null;
  subject_key?: string | null;
  status_key?: string | null;
  aml_unreviewed_hits?: number;
  warning_errors?: number;
  warning_warnings?: number;
}

export type KeyValue = Date | string | number | null;

/** A row's position in one sort: its key values (in the sort's key order) and its session id. */
export interface QueueKey {
  values: readonly KeyValue[];
  sessionId: string;
}

interface KeyPart {
  sql: RawBuilder<unknown>;
  /** The parameter's type in the comparison (the cursor's values arrive as JSON). */
  type: 'timestamptz' | 'bigint' | 'integer' | 'text';
  field: Exclude<keyof QueueKeyRow, 'session_id'>;
}

interface SortSpec {
  keys: readonly [KeyPart, ...KeyPart[]];
  /** The first key may be null: those rows come after all others, in either direction. */
  nullsLast: boolean;
  /** The first key is status_key: one status (a tab) leaves the rest of the keys to order by. */
  byStatus?: true;
}

const column = (field: KeyPart['field'], type: KeyPart['type']): KeyPart => ({
  sql: sql.ref(field),
  type,
  field,
});

const SORTS = {
  created: { keys: [column('sort_at', 'timestamptz')], nullsLast: false },
  last_event: { keys: [column('last_event_at', 'timestamptz')], nullsLast: false },
  number: { keys: [column('session_number', 'bigint')], nullsLast: true },
  subject: { keys: [{ sql: SUBJECT_KEY, type: 'text', field: 'subject_key' }], nullsLast: true },
  // Status, then age: within one status (a tab) this is the created order, on the same index.
  status: {
    keys: [column('status_key', 'text'), column('sort_at', 'timestamptz')],
    nullsLast: true,
    byStatus: true,
  },
  // What the Findings column shows, most telling first: open AML hits, errors, warnings; then age.
  findings: {
    keys: [
      column('aml_unreviewed_hits', 'integer'),
      column('warning_errors', 'integer'),
      column('warning_warnings', 'integer'),
      column('sort_at', 'timestamptz'),
    ],
    nullsLast: false,
  },
} as const satisfies Record<QueueSort, SortSpec>;

/** A row's key in `sort`; throws when the row lacks a field the sort needs (a programming error). */
export function keyOf(sort: QueueSort, row: QueueKeyRow): QueueKey {
  const spec: SortSpec = SORTS[sort];
  const values = spec.keys.map((k) => {
    const v = row[k.field];
    if (v === undefined) throw new Error(`a ${sort} cursor needs ${k.field}`);
    return v;
  });
  return { values, sessionId: row.session_id };
}

/** Whether the sort's first key may be null (its cursor may then name a row without one). */
export const hasNullableKey = (sort: QueueSort): boolean => SORTS[sort].nullsLast;

/** `(k1, …, session_id) > (v1, …, id)` (`<` descending): one range of the index, not a filter. */
function after(
  keys: readonly KeyPart[],
  values: readonly KeyValue[],
  sessionId: string,
  dir: 'asc' | 'desc',
) {
  const left = [...keys.map((k) => k.sql), sql.ref('session_id')];
  const right = [...keys.map((k, i) => sql`${values[i]}::${sql.raw(k.type)}`), sql`${sessionId}::text`];
  return sql<SqlBool>`(${sql.join(left)}) ${sql.raw(dir === 'asc' ? '>' : '<')} (${sql.join(right)})`;
}

/**
 * One keyset page of `base` (the queue's filtered select) in `sort` order: `limit` rows after `cursor`. A
 * sort whose first key may be null reads two ranges of the same index: the rows with a key, then (if the
 * page is not full) those without, so rows without a name or number come last both ways. Within one status
 * (`singleStatus`, a tab) the status sort is ordered by its other keys alone, so the planner sees the same
 * order as the created sort's and no index the status would have to lead.
 */
export async function sortedPage<O>(
  base: SelectQueryBuilder<DB, 'sessions', O>,
  p: {
    sort: QueueSort;
    order: 'oldest' | 'newest';
    after?: QueueKey | undefined;
    limit: number;
    singleStatus?: boolean;
  },
) {
  const spec: SortSpec = SORTS[p.sort];
  const pinned = spec.byStatus === true && p.singleStatus === true;
  const keys = pinned ? spec.keys.slice(1) : spec.keys;
  const at = p.after && (pinned ? { ...p.after, values: p.after.values.slice(1) } : p.after);
  const nullsLast = spec.nullsLast && !pinned;
  const dir = p.order === 'oldest' ? 'asc' : 'desc';
  const [first, ...rest] = keys as [KeyPart, ...KeyPart[]];
  const query = base.select(SUBJECT_KEY.as('subject_key'));
  const page = (q: typeof query, limit: number) =>
    [...keys.map((k) => k.sql), sql.ref('session_id')]
      .reduce((acc, key) => acc.orderBy(key, dir), q)
      .limit(limit)
      .execute();

  const cursorWithoutKey = at !== undefined && nullsLast && at.values[0] === null;
  const rows: Awaited<ReturnType<typeof page>> = [];
  if (!cursorWithoutKey) {
    let q = query;
    if (nullsLast) q = q.where(sql<SqlBool>`${first.sql} is not null`);
    if (at) q = q.where(after(keys, at.values, at.sessionId, dir));
    rows.push(...(await page(q, p.limit)));
  }
  if (nullsLast && rows.length < p.limit) {
    let q = query.where(sql<SqlBool>`${first.sql} is null`);
    if (cursorWithoutKey) q = q.where(after(rest, at.values.slice(1), at.sessionId, dir));
    rows.push(...(await page(q, p.limit - rows.length)));
  }
  return rows;
}
