/**
 * Migration 2026-12-07T21-10-00-console-fold-plpgsql on a database in use before it: `console_fold` becomes a
 * PL/pgSQL function giving the same text for every input, the indexes built on it stay valid and keep
 * serving the search, and `down` brings the SQL function back.
 */
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabaseBefore, migratorUpTo } from '../../test/migrations.ts';
import type { Database } from '../platform/db/database.ts';
import type { DB } from '../schema.ts';

const THIS = '2026-12-07T21-10-00-console-fold-plpgsql';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabaseBefore(THIS);
});
afterAll(() => database?.close());

const INPUTS = ['José García', 'ÅNGSTRÖM Straße', 'Œuvre ǅemal Ñandú', 'plain ascii 123', '', 'İstanbul ﬁ'];

const language = async () =>
  (
    await sql<{ lanname: string }>`
      select l.lanname from pg_proc p join pg_language l on l.oid = p.prolang
      where p.proname = 'console_fold'`.execute(database.db)
  ).rows.map((r) => r.lanname);

const folded = async () =>
  (
    await sql<{ f: string | null }>`
      select console_fold(x) as f from unnest(${INPUTS}::text[]) with ordinality as u(x, o) order by o`.execute(
      database.db,
    )
  ).rows.map((r) => r.f);

/** The search's plan, seq scans off (the table holds one row). */
const searchPlan = (db: Kysely<DB>) =>
  db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx);
    const { rows } = await sql<{ 'QUERY PLAN': string }>`
      explain select session_id from sessions where console_fold(search_text) like '%garcia%'`.execute(trx);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  });

describe('console_fold in PL/pgSQL', () => {
  it('folds every text as before, keeps the indexes built on it valid and used, and goes back down', async () => {
    await sql`
      insert into sessions (session_id, status, full_name, search_text, last_event_at, last_event_tiebreak,
        created_at, updated_at)
      values ('fold-1', 'Approved', 'José García', 'josé garcía', now(), '', now(), now())`.execute(
      database.db,
    );
    expect(await language()).toEqual(['sql']);
    const before = await folded();
    expect(before.slice(0, 2)).toEqual(['jose garcia', 'angstrom strasse']);

    const migrator = await migratorUpTo(database.db, THIS);
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    expect(await language()).toEqual(['plpgsql']);
    expect(await folded()).toEqual(before);
    const invalid = await sql<{ n: number }>`
      select count(*)::int as n from pg_index i join pg_class c on c.oid = i.indexrelid
      where i.indrelid = 'sessions'::regclass and not i.indisvalid`.execute(database.db);
    expect(invalid.rows[0]!.n).toBe(0);
    expect(await searchPlan(database.db)).toContain('sessions_search_fold_idx');
    const found = await sql<{ session_id: string }>`
      select session_id from sessions where console_fold(search_text) like '%garcia%'`.execute(database.db);
    expect(found.rows).toEqual([{ session_id: 'fold-1' }]);

    expect((await migrator.migrateDown()).error).toBeUndefined();
    expect(await language()).toEqual(['sql']);
    expect(await folded()).toEqual(before);
  });
});
