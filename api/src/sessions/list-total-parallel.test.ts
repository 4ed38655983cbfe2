/**
 * A queue's first page and its total are independent queries: `listSessionsPage` sends them together, so the
 * page costs the slower of the two, not their sum (issue 12: a cold first page at a million sessions). Seen
 * from the queries' order: the executor notes each query as it is sent and as its answer arrives; sent
 * together, both leave before either answer is back.
 */
import { type CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/database.ts';
import type { Database } from '../platform/db/database.ts';
import type { DB } from '../schema.ts';
import { listSessionsPage } from './sessions.service.ts';

let database: Database;
let events: string[] = [];
let observed: Kysely<DB>;

const kindOf = (sqlText: string) => (/count\(\*\)/i.test(sqlText) ? 'count' : 'list');

beforeAll(async () => {
  database = await createTestDatabase();
  await sql`
    insert into sessions (session_id, session_number, session_kind, status, full_name, last_event_at,
                          last_event_tiebreak, didit_created_at, created_at, updated_at)
    select gen_random_uuid()::text, g, 'user', 'In Review', 'Name ' || g, now(), '',
      now() - g * interval '1 minute', now(), now()
    from generate_series(1, 60) g`.execute(database.db);
  observed = new Kysely<DB>({ dialect: new PostgresDialect({ pool: database.pool }) });
  // Every query the service sends goes through this executor: noted as it leaves and as its answer arrives.
  const executor = observed.getExecutor();
  const execute = executor.executeQuery.bind(executor);
  executor.executeQuery = (async (compiled: CompiledQuery, ...rest: unknown[]) => {
    const kind = kindOf(compiled.sql);
    events.push(`sent ${kind}`);
    const result = await (execute as (...a: unknown[]) => Promise<unknown>)(compiled, ...rest);
    events.push(`answered ${kind}`);
    return result;
  }) as typeof executor.executeQuery;
});
// The observing Kysely shares the pool, which the database closes.
afterAll(() => database.close());

it('sends the first page and its total together, and answers both', async () => {
  events = [];
  const page = await listSessionsPage(observed, {
    status: 'In Review',
    order: 'oldest',
    limit: 50,
    now: new Date(),
  });
  expect(page.items).toHaveLength(50);
  expect(page.total).toEqual({ count: 60, exact: true });
  // Before: sent list, answered list, sent count, answered count.
  expect(events.slice(0, 2).sort()).toEqual(['sent count', 'sent list']);
});

it('a later page (with a cursor) is not counted again', async () => {
  const first = await listSessionsPage(observed, {
    status: 'In Review',
    order: 'oldest',
    limit: 50,
    now: new Date(),
  });
  events = [];
  const next = await listSessionsPage(observed, {
    status: 'In Review',
    order: 'oldest',
    limit: 50,
    cursor: first.next_cursor ?? undefined,
    now: new Date(),
  });
  expect(next.total).toBeUndefined();
  expect(events).toEqual(['sent list', 'answered list']);
});
