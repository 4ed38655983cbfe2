/**
 * The queue's column sorts (issue 12) against a real Postgres: for any rows — ties on every key, names,
 * numbers and statuses missing, names equal once case and accents are folded — the keyset pages of every
 * sort, both ways, in a tab or not, at any page size, are the rows of an in-memory sort of the same rows,
 * none skipped and none twice; a cursor is refused by every other sort.
 */
import { randomUUID } from 'node:crypto';
import { QUEUE_SORTS, type QueueSort } from '@console/contract/queue';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app.ts';
import { type LoggedIn, loginAs } from '../../test/auth.ts';
import { createTestDatabase } from '../../test/database.ts';
import type { Database } from '../platform/db/database.ts';
import { applyEvent } from './apply-event.ts';
import { eventFromDecision } from './event-input.ts';
import { type KeyValue, keyOf, type QueueKeyRow } from './queue-sort.sql.ts';
import { listSessionsPage } from './sessions.service.ts';
import { encodeCursor } from './sessions.views.ts';

let database: Database;
let app: ReturnType<typeof createTestApp>;
let auditor: LoggedIn;
beforeAll(async () => {
  database = await createTestDatabase();
  app = createTestApp(database);
  auditor = await loginAs(app, database, ['auditor']);
});
afterAll(() => database.close());

const LONG = 'Maria Fernanda de la Santísima Trinidad';
interface Row {
  id: string;
  number: number | null;
  name: string | null;
  status: string | null;
  warnings: ('error' | 'warning' | 'information')[];
  hits: ('Unreviewed' | 'False Positive')[];
  created: number;
  lastEvent: number;
}

const rowArb: fc.Arbitrary<Row> = fc.record({
  id: fc.uuid({ version: 4 }),
  // Few values each, so every key ties often.
  number: fc.option(fc.integer({ min: 1, max: 4 }), { freq: 3 }),
  name: fc.option(
    fc.constantFrom(
      'José García',
      'jose garcia',
      'JOSE GARCÍA',
      'Ana',
      'Zoë Ångström',
      'Иван Петров',
      '王小明',
      // Equal in their first 32 folded characters: the session id decides.
      `${LONG} Pérez`,
      `${LONG} Abad`,
    ),
    { freq: 3 },
  ),
  status: fc.option(fc.constantFrom('In Review', 'IN_REVIEW', 'Approved', 'Declined', 'Not Started'), {
    freq: 5,
  }),
  warnings: fc.array(fc.constantFrom('error', 'warning', 'information'), { maxLength: 2 }),
  hits: fc.array(fc.constantFrom('Unreviewed', 'False Positive'), { maxLength: 2 }),
  created: fc.integer({ min: 0, max: 2 }),
  lastEvent: fc.integer({ min: 0, max: 2 }),
});

const at = (minutes: number) => new Date(Date.UTC(2026, 10, 20, 10, minutes));

/** A decision holding just what the sorts read; no name anywhere when `name` is null. */
function decisionOf(r: Row) {
  return {
    session_id: r.id,
    session_kind: 'user',
    ...(r.number === null ? {} : { session_number: r.number }),
    ...(r.status === null ? {} : { status: r.status }),
    created_at: at(r.created).toISOString(),
    id_verifications: [
      {
        node_id: 'feature_ocr',
        ...(r.name === null ? {} : { full_name: r.name }),
        warnings: r.warnings.map((log_type, i) => ({ risk: `R${i}`, log_type })),
      },
    ],
    aml_screenings: [
      { node_id: 'aml', hits: r.hits.map((review_status, i) => ({ id: `h${i}`, review_status })) },
    ],
  };
}

let seeded = 0;
async function seed(rows: Row[]) {
  // The events too: a session id fast-check reuses while shrinking must not fold an earlier run's events.
  await sql`delete from sessions`.execute(database.db);
  await sql`delete from webhook_events`.execute(database.db);
  seeded++;
  for (const r of rows) {
    const fetchedAt = at(10 + r.lastEvent);
    await applyEvent(
      database.db,
      eventFromDecision({
        source: 'backfill',
        sessionId: r.id,
        decision: decisionOf(r),
        fetchedAt,
        eventKey: `sort-test:${seeded}:${r.id}`,
      }),
      fetchedAt,
    );
  }
}

/** The stored rows' keys, as the database derived them (status_key, the folded name). */
async function storedKeys() {
  const { rows } = await sql<QueueKeyRow>`
    select session_id, sort_at, last_event_at, session_number, status_key, aml_unreviewed_hits,
      warning_errors, warning_warnings, left(console_fold(full_name), 32) collate "C" as subject_key
    from sessions`.execute(database.db);
  return rows;
}

/** Byte order of UTF-8, as `collate "C"` (and the test server's C.UTF-8) compares text. */
const compareText = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
function compareValue(a: KeyValue, b: KeyValue): number {
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return compareText(String(a), String(b));
}

/** The order the API promises: by the key then the id, one direction; rows without a first key last. */
function expectedOrder(rows: QueueKeyRow[], sort: QueueSort, order: 'oldest' | 'newest'): string[] {
  const sign = order === 'oldest' ? 1 : -1;
  const keyed = rows.map((r) => ({ id: r.session_id, values: keyOf(sort, r).values }));
  keyed.sort((x, y) => {
    const [xNull, yNull] = [x.values[0] === null, y.values[0] === null];
    if (xNull !== yNull) return xNull ? 1 : -1;
    for (let i = xNull ? 1 : 0; i < x.values.length; i++) {
      const c = compareValue(x.values[i]!, y.values[i]!);
      if (c !== 0) return sign * c;
    }
    return sign * compareText(x.id, y.id);
  });
  return keyed.map((k) => k.id);
}

async function walk(q: {
  sort: QueueSort;
  order: 'oldest' | 'newest';
  tab: 'all' | 'review';
  limit: number;
}) {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await listSessionsPage(database.db, {
      sort: q.sort,
      order: q.order,
      status: q.tab === 'review' ? 'In Review' : undefined,
      limit: q.limit,
      cursor,
      now: new Date(),
    });
    ids.push(...page.items.map((i) => i.session_id));
    if (!page.next_cursor) return ids;
    cursor = page.next_cursor;
  }
  throw new Error('paging does not end');
}

describe('column sorts page by keyset', () => {
  it('every sort, both ways, any tab and page size: the in-memory order, no row skipped or repeated', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(rowArb, { minLength: 0, maxLength: 24, selector: (r) => r.id }),
        fc.constantFrom(...QUEUE_SORTS),
        fc.constantFrom('oldest' as const, 'newest' as const),
        fc.constantFrom('all' as const, 'review' as const),
        fc.integer({ min: 1, max: 6 }),
        async (rows, sort, order, tab, limit) => {
          await seed(rows);
          const stored = (await storedKeys()).filter((r) => tab === 'all' || r.status_key === 'IN_REVIEW');
          expect(await walk({ sort, order, tab, limit })).toEqual(expectedOrder(stored, sort, order));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('folds case and accents in the subject sort, and puts sessions without a name last both ways', async () => {
    const rows: Row[] = ['Zoë', 'ana', 'José', null, 'ÁNA', 'jose'].map((name, i) => ({
      id: `00000000-0000-4000-8000-00000000000${i}`,
      number: i,
      name,
      status: 'In Review',
      warnings: [],
      hits: [],
      created: 0,
      lastEvent: 0,
    }));
    await seed(rows);
    const names = async (order: 'oldest' | 'newest') => {
      const ids = await walk({ sort: 'subject', order, tab: 'all', limit: 2 });
      return ids.map((id) => rows.find((r) => r.id === id)!.name);
    };
    expect(await names('oldest')).toEqual(['ana', 'ÁNA', 'José', 'jose', 'Zoë', null]);
    expect(await names('newest')).toEqual(['Zoë', 'jose', 'José', 'ÁNA', 'ana', null]);
  });
});

describe('cursors', () => {
  const request = async (query: string) => {
    const res = await app.request(`/api/sessions?${query}`, { headers: auditor.headers });
    return { status: res.status, body: (await res.json()) as { error?: { code: string } } };
  };
  const row: QueueKeyRow = {
    session_id: randomUUID(),
    sort_at: new Date('2026-11-20T10:00:00Z'),
    last_event_at: new Date('2026-11-20T11:00:00Z'),
    session_number: 7,
    subject_key: 'josé garcía',
    status_key: 'IN_REVIEW',
    aml_unreviewed_hits: 1,
    warning_errors: 0,
    warning_warnings: 2,
  };

  it.each(QUEUE_SORTS)(
    'a %s cursor is accepted by its sort and refused (400 VALIDATION) by every other',
    async (sort) => {
      const cursor = encodeCursor(row, sort);
      expect((await request(`sort=${sort}&cursor=${cursor}`)).status).toBe(200);
      for (const other of QUEUE_SORTS.filter((s) => s !== sort)) {
        const { status, body } = await request(`sort=${other}&cursor=${cursor}`);
        expect([other, status, body.error?.code]).toEqual([other, 400, 'VALIDATION']);
      }
    },
  );

  const wire = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const id = randomUUID();
  it.each([
    ['number', 'a number that is not an integer', [1.5, id, 'number']],
    ['number', 'a number beyond what a client can hold exactly', [2 ** 60, id, 'number']],
    ['findings', 'a negative count', [-1, 0, 0, '2026-11-20T10:00:00Z', id, 'findings']],
    [
      'findings',
      'a count beyond a Postgres integer',
      [2 ** 31, 0, 0, '2026-11-20T10:00:00Z', id, 'findings'],
    ],
    ['findings', 'a count as text', ['1', 0, 0, '2026-11-20T10:00:00Z', id, 'findings']],
    ['status', 'a time Postgres cannot compare', ['IN_REVIEW', '-200000-01-01T00:00:00Z', id, 'status']],
    ['subject', 'a name longer than any key', ['x'.repeat(200), id, 'subject']],
    ['subject', 'no session id', ['ana', 'subject']],
  ])('sort=%s refuses %s with 400 VALIDATION', async (sort, _what, value) => {
    const { status, body } = await request(`sort=${sort}&cursor=${wire(value)}`);
    expect([status, body.error?.code]).toEqual([400, 'VALIDATION']);
  });

  it('a cursor naming a row without a key goes on with the rows without one', async () => {
    const ids = ['a', 'b', 'c'].map((c) => `00000000-0000-4000-8000-00000000000${c}`);
    await seed(
      ids.map((rid, i) => ({
        id: rid,
        number: i === 0 ? 5 : null,
        name: null,
        status: 'Approved',
        warnings: [],
        hits: [],
        created: 0,
        lastEvent: 0,
      })),
    );
    const cursor = encodeCursor({ ...row, session_id: ids[1]!, session_number: null }, 'number');
    const res = await app.request(`/api/sessions?sort=number&cursor=${cursor}`, { headers: auditor.headers });
    const body = (await res.json()) as { items: { session_id: string }[] };
    expect(body.items.map((i) => i.session_id)).toEqual([ids[2]]);
  });
});
