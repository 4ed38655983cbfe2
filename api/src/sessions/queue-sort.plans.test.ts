/**
 * Every queue sort stays an index range scan (issue 12: the first page and deep pages fast at a million
 * sessions): the queries `GET /api/sessions` runs — captured as the service sends them — are EXPLAINed on a few
 * thousand sessions, for each sort, both ways, in the All and In Review tabs, on the first page, deep in the
 * rows with a key, and in the rows without one. Each plan reads `sessions` through the sort's own index, with
 * the cursor's position in the index condition (not a filter over rows already read), and has no Sort.
 */
import { QUEUE_SORTS, type QueueSort } from '@console/contract/queue';
import { type CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/database.ts';
import type { Database } from '../platform/db/database.ts';
import type { DB } from '../schema.ts';
import { hasNullableKey, type QueueKeyRow } from './queue-sort.sql.ts';
import { listSessionsPage } from './sessions.service.ts';
import { encodeCursor } from './sessions.views.ts';

const ROWS = 4000;
let database: Database;
/** The app's queries, as sent: a Kysely over the same pool that logs each compiled query. */
let captured: CompiledQuery[] = [];
let logged: Kysely<DB>;

beforeAll(async () => {
  database = await createTestDatabase();
  // Names, numbers and statuses missing on some rows; findings on a few; times spread over weeks.
  await sql`
    insert into sessions (session_id, session_number, session_kind, status, full_name, warning_errors, aml_hits,
                          aml_unreviewed_hits, last_event_at, last_event_tiebreak, didit_created_at, created_at,
                          updated_at)
    select gen_random_uuid()::text, case when g % 10 = 0 then null else g end, 'user',
      case when g % 13 = 0 then null else (array['In Review', 'Approved', 'Declined', 'Not Started'])[1 + g % 4] end,
      case when g % 7 = 0 then null else 'Name ' || (g % 300) end, (g % 5 = 0)::int, (g % 9 = 0)::int,
      (g % 9 = 0)::int, now() - (g % 97) * interval '1 hour', '', now() - g * interval '10 minutes', now(), now()
    from generate_series(1, ${ROWS}) g`.execute(database.db);
  await sql`analyze sessions`.execute(database.db);
  logged = new Kysely<DB>({
    dialect: new PostgresDialect({ pool: database.pool }),
    log: (event) => {
      if (event.level === 'query') captured.push(event.query);
    },
  });
});
// The logging Kysely shares the pool, which the database closes.
afterAll(() => database.close());

/**
 * The indexes that read a sort in order: in the All tab its own; in a status tab the one led by status_key,
 * or — when the tab holds a large share of the rows, as In Review does here — the sort's own with the status
 * as a filter (the planner's choice; both are ordered range scans).
 */
const INDEXES: Record<QueueSort, { all: string; review: string[] }> = {
  created: { all: 'sessions_order_idx', review: ['sessions_status_order_idx', 'sessions_order_idx'] },
  last_event: {
    all: 'sessions_last_event_order_idx',
    review: ['sessions_status_last_event_idx', 'sessions_last_event_order_idx'],
  },
  number: {
    all: 'sessions_number_order_idx',
    review: ['sessions_status_number_idx', 'sessions_number_order_idx'],
  },
  subject: {
    all: 'sessions_subject_order_idx',
    review: ['sessions_status_subject_idx', 'sessions_subject_order_idx'],
  },
  // Within one status, the status sort is the created order.
  status: { all: 'sessions_status_order_idx', review: ['sessions_status_order_idx', 'sessions_order_idx'] },
  findings: {
    all: 'sessions_findings_order_idx',
    review: ['sessions_status_findings_idx', 'sessions_findings_order_idx'],
  },
};

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  'Parent Relationship'?: string;
  Plans?: PlanNode[];
}

/** The plan's nodes outside subplans (the claim and assignment columns are subqueries on other tables). */
function mainNodes(node: PlanNode): PlanNode[] {
  const children = (node.Plans ?? []).filter((p) => p['Parent Relationship'] !== 'SubPlan');
  return [node, ...children.flatMap(mainNodes)];
}

/**
 * The plan with sorting priced out: at a few thousand rows a sort of the few rows a page condition leaves
 * can be the cheaper plan (at a million it is not), so the question asked is whether an ordered index path
 * exists for the query at all — a Sort in this plan means none does.
 */
async function plan(query: CompiledQuery): Promise<PlanNode> {
  const client = await database.pool.connect();
  try {
    await client.query('set enable_sort = off');
    await client.query('set enable_incremental_sort = off');
    const { rows } = await client.query(`explain (format json) ${query.sql}`, [...query.parameters]);
    const raw = rows[0]['QUERY PLAN'];
    return (typeof raw === 'string' ? JSON.parse(raw) : raw)[0].Plan;
  } finally {
    await client.query('reset all');
    client.release();
  }
}

/** A row somewhere in the middle: with a key in the sort (`keyed`) or without one. */
async function cursorRow(sort: QueueSort, keyed: boolean, review: boolean): Promise<QueueKeyRow> {
  const first = {
    created: 'sort_at',
    last_event: 'last_event_at',
    number: 'session_number',
    subject: 'full_name',
    status: 'status_key',
    findings: 'aml_unreviewed_hits',
  }[sort];
  const { rows } = await sql<QueueKeyRow>`
    select session_id, sort_at, last_event_at, session_number, status_key, aml_unreviewed_hits, warning_errors,
      warning_warnings, left(console_fold(full_name), 32) collate "C" as subject_key
    from sessions
    where ${sql.ref(first)} is ${sql.raw(keyed ? 'not null' : 'null')}
      and (${!review} or status_key = 'IN_REVIEW')
    order by session_id offset ${keyed ? 100 : 20} limit 1`.execute(database.db);
  return rows[0]!;
}

const cases = QUEUE_SORTS.flatMap((sort) =>
  (['all', 'review'] as const).flatMap((tab) =>
    (['oldest', 'newest'] as const).flatMap((order) =>
      (
        [
          'first page',
          'deep',
          ...(hasNullableKey(sort) && tab === 'all' ? ['deep without a key'] : []),
        ] as const
      ).map((page) => [sort, tab, order, page] as const),
    ),
  ),
);

describe('queue sorts read an index range, never sort', () => {
  it.each(cases)('sort=%s tab=%s order=%s, %s', async (sort, tab, order, page) => {
    const review = tab === 'review';
    const row = page === 'first page' ? undefined : await cursorRow(sort, page === 'deep', review);
    const cursor = row && encodeCursor(row, sort);
    captured = [];
    const result = await listSessionsPage(logged, {
      sort,
      order,
      status: review ? 'In Review' : undefined,
      cursor,
      limit: 50,
      now: new Date(),
    });
    expect(result.items.length).toBeGreaterThan(0);
    // The page's queries (the count on a first page has no ORDER BY).
    const pageQueries = captured.filter((q) => /\border by\b/i.test(q.sql));
    expect(pageQueries.length).toBeGreaterThan(0);
    for (const query of pageQueries) {
      const nodes = mainNodes(await plan(query));
      expect(nodes.map((n) => n['Node Type'])).not.toContain('Sort');
      const reads = nodes.filter((n) => n['Relation Name'] === 'sessions');
      expect(reads).toHaveLength(1);
      const read = reads[0]!;
      expect(read['Node Type']).toMatch(/^Index( Only)? Scan/);
      expect(tab === 'all' ? [INDEXES[sort].all] : INDEXES[sort].review).toContain(read['Index Name']);
      // After a cursor the scan starts at its row: the position is a bound of the index condition. (A page
      // that runs out of rows with a key goes on with those without one from their start: no bound.)
      if (row && query.parameters.includes(row.session_id)) expect(read['Index Cond']).toMatch(/[<>]/);
    }
  });
});
