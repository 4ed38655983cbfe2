import { randomUUID } from 'node:crypto';
import type { SignatureScheme } from '@console/didit/signature';
import { KYC_SESSION_STATUSES } from '@console/didit/statuses';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/database.ts';
import { kycDecision } from '../../test/webhooks.ts';
import type { Database } from '../platform/db/database.ts';
import { applyEvent } from './apply-event.ts';
import { eventFromWebhook } from './event-input.ts';
import { storedPayload } from './events.repository.ts';
import { dropSecondaryIndexes, rebuildSessions } from './rebuild.ts';
import { sessionDecision, sessionMetadata } from './sessions.repository.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const RECEIVED = new Date('2026-11-22T04:00:00Z');
const BASE_TS = 1_790_000_000;

interface Spec {
  ts: number;
  type: 'status.updated' | 'data.updated';
  status: string | null;
  decision: null | {
    name: string;
    warnings: ('error' | 'warning' | 'information')[];
    hits: ('Unreviewed' | 'False Positive')[];
  };
  vendor: string | null;
  metadata: null | { plan: string };
  kind: 'business' | null;
  scheme: SignatureScheme;
}

const specArb: fc.Arbitrary<Spec> = fc.record({
  ts: fc.integer({ min: 0, max: 6 }).map((d) => BASE_TS + d), // small range: many same-second ties
  type: fc.constantFrom('status.updated', 'data.updated'),
  // Every KYC status Didit sends, and one in the KYB spelling.
  status: fc.option(fc.constantFrom(...KYC_SESSION_STATUSES, 'IN_REVIEW'), { freq: 6 }),
  decision: fc.option(
    fc.record({
      name: fc.constantFrom('Иван Петров', '王小明', 'محمد علي', 'Zoë Ångström'),
      warnings: fc.array(fc.constantFrom('error', 'warning', 'information'), { maxLength: 3 }),
      hits: fc.array(fc.constantFrom('Unreviewed', 'False Positive'), { maxLength: 3 }),
    }),
  ),
  vendor: fc.option(fc.constantFrom('user-1', 'user-2')),
  metadata: fc.option(fc.record({ plan: fc.constantFrom('basic', 'premium') })),
  kind: fc.option(fc.constant('business' as const), { freq: 4 }),
  scheme: fc.constantFrom('v2', 'raw', 'simple'),
});

function bodyFor(sid: string, spec: Spec, i: number) {
  const status = spec.status ?? 'In Review';
  return {
    event_id: `${sid}-e${String(i).padStart(3, '0')}`,
    webhook_type: spec.type,
    timestamp: spec.ts,
    session_id: sid,
    ...(spec.status ? { status: spec.status } : {}),
    ...(spec.vendor ? { vendor_data: spec.vendor } : {}),
    ...(spec.metadata ? { metadata: spec.metadata } : {}),
    ...(spec.kind ? { session_kind: spec.kind } : {}),
    ...(spec.decision
      ? {
          decision: kycDecision({
            sessionId: sid,
            status,
            fullName: spec.decision.name,
            warnings: spec.decision.warnings,
            hits: spec.decision.hits,
          }),
        }
      : {}),
  };
}

async function deliver(sid: string, spec: Spec, i: number) {
  const body = bodyFor(sid, spec, i);
  const raw = Buffer.from(JSON.stringify(body));
  const event = eventFromWebhook({
    raw,
    scheme: spec.scheme,
    body,
    headerTimestamp: spec.ts,
    receivedAt: RECEIVED,
  });
  return applyEvent(database.db, event, RECEIVED);
}

async function state(sid: string) {
  const row = await database.db
    .selectFrom('sessions')
    .selectAll()
    .select([sessionDecision.as('decision'), sessionMetadata.as('metadata')])
    .where('session_id', '=', sid)
    .executeTakeFirst();
  const history = await database.db
    .selectFrom('session_status_history')
    .select(['status', 'at', 'source'])
    .where('session_id', '=', sid)
    .orderBy('at')
    .orderBy('tiebreak')
    .execute();
  // Which event each document came from, by the event's own id (row ids differ between the two sessions).
  const eventIdOf = async (id: number | null | undefined) =>
    id == null
      ? null
      : (
          await database.db
            .selectFrom('webhook_events')
            .select('event_id')
            .where('id', '=', id)
            .executeTakeFirstOrThrow()
        ).event_id;
  const sources = row && {
    decision_event_id: await eventIdOf(row.decision_event_id),
    metadata_event_id: await eventIdOf(row.metadata_event_id),
  };
  // The ids differ between the two sessions compared; everything else must be identical.
  return JSON.parse(JSON.stringify({ row: row && { ...row, ...sources }, history }).replaceAll(sid, 'SID'));
}

describe('the projection is a fold of the event log', () => {
  /** Every row of the projection but `reconciled_at` (when reconciliation last looked: not part of the fold). */
  const projection = async () =>
    database.db
      .selectFrom('sessions')
      .selectAll()
      .orderBy('session_id')
      .execute()
      .then((rows) => rows.map(({ reconciled_at: _r, ...rest }) => rest));

  it('any order and duplication of one session’s events yields the state of in-order delivery', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(specArb, { minLength: 1, maxLength: 7 }).chain((specs) =>
          fc.tuple(
            fc.constant(specs),
            fc.shuffledSubarray(
              [...specs.keys(), ...specs.keys()].map((k, pos) => ({ k, pos })),
              { minLength: specs.length * 2 },
            ),
            fc.array(fc.boolean(), { minLength: specs.length, maxLength: specs.length }),
          ),
        ),
        async ([specs, order, duplicate]) => {
          // Same-length ids, so tie-breaks on the event key compare the same way for both sessions.
          const a = randomUUID();
          const b = randomUUID();
          // In order: as Didit produced them (time, then lifecycle, then key) — the fold's own order.
          const inOrder = [...specs.keys()].sort((x, y) => specs[x]!.ts - specs[y]!.ts || x - y);
          for (const i of inOrder) await deliver(a, specs[i]!, i);
          // Shuffled: each event once, some twice, in any order.
          for (const { k, pos } of order) {
            if (pos >= specs.length && !duplicate[k]) continue;
            await deliver(b, specs[k]!, k);
          }
          const [sa, sb] = [await state(a), await state(b)];
          expect(sb).toEqual(sa);
          // …and the same as a fold of the log from scratch.
          return true;
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a late event still contributes what newer ones lacked (the decision of an earlier status)', async () => {
    const sid = randomUUID();
    const declined: Spec = {
      ts: BASE_TS + 10,
      type: 'status.updated',
      status: 'Declined',
      decision: { name: 'Ada Lovelace', warnings: ['error'], hits: [] },
      vendor: 'v-1',
      metadata: null,
      kind: null,
      scheme: 'v2',
    };
    const resubmitted: Spec = {
      ts: BASE_TS + 20,
      type: 'status.updated',
      status: 'Resubmitted',
      decision: null,
      vendor: null,
      metadata: null,
      kind: null,
      scheme: 'v2',
    };
    expect((await deliver(sid, resubmitted, 2)).outcome).toBe('applied');
    expect((await deliver(sid, declined, 1)).outcome).toBe('stale');
    const s = await database.db
      .selectFrom('sessions')
      .selectAll()
      .where('session_id', '=', sid)
      .executeTakeFirstOrThrow();
    expect(s).toMatchObject({
      status: 'Resubmitted',
      full_name: 'Ada Lovelace',
      vendor_data: 'v-1',
      warning_errors: 1,
    });
  });

  it('a reviewer’s overturn in the same second as the status it overturns wins, in either arrival order', async () => {
    // Didit stamps webhooks in whole seconds; an update-status appends a review to the decision.
    for (const reversed of [false, true]) {
      const sid = randomUUID();
      const at = BASE_TS + 30;
      const declined = {
        event_id: `${sid}-z-declined`,
        webhook_type: 'status.updated',
        timestamp: at,
        session_id: sid,
        status: 'Declined',
        decision: { ...kycDecision({ sessionId: sid, status: 'Declined' }), reviews: [] },
      };
      const approved = {
        event_id: `${sid}-a-approved`, // sorts before the decline's key: only the review count can order them
        webhook_type: 'status.updated',
        timestamp: at,
        session_id: sid,
        status: 'Approved',
        decision: {
          ...kycDecision({ sessionId: sid, status: 'Approved' }),
          reviews: [
            { user: 'API Client', new_status: 'Approved', comment: 'ok', created_at: '2026-11-22T04:00:00Z' },
          ],
        },
      };
      const order = reversed ? [approved, declined] : [declined, approved];
      for (const body of order) {
        const raw = Buffer.from(JSON.stringify(body));
        await applyEvent(
          database.db,
          eventFromWebhook({ raw, scheme: 'v2', body, headerTimestamp: at, receivedAt: RECEIVED }),
          RECEIVED,
        );
      }
      const s = await database.db
        .selectFrom('sessions')
        .select('status')
        .where('session_id', '=', sid)
        .executeTakeFirstOrThrow();
      expect(s.status).toBe('Approved');
    }
  });

  it('pnpm rebuild-sessions recomputes a table equal to the incrementally maintained one', async () => {
    const before = await projection();
    expect(before.length).toBeGreaterThan(20);
    // Damage part of the projection: the rebuild must restore it from events alone, and leave the rest alone.
    const ids = before.map((s) => s.session_id);
    const damaged = ids.filter((_, i) => i % 3 === 0);
    const deleted = ids.filter((_, i) => i % 3 === 1 && i % 2 === 0);
    await database.db
      .updateTable('sessions')
      .set({ status: 'Tampered', decision_event_id: null, vendor_data: null })
      .where('session_id', 'in', damaged)
      .execute();
    await database.db.deleteFrom('sessions').where('session_id', 'in', deleted).execute();
    const versions = async () =>
      new Map(
        (
          await sql<{
            session_id: string;
            xmin: string;
          }>`select session_id, xmin::text from sessions`.execute(database.db)
        ).rows.map((r) => [r.session_id, r.xmin]),
      );
    const untouchedBefore = await versions();
    const result = await rebuildSessions(database.db, { batchSessions: 17, concurrency: 3 });
    expect(result.sessions).toBe(before.length);
    expect(result.rewritten).toBe(damaged.length + deleted.length);
    expect(await projection()).toEqual(before);
    // Rows that already matched their fold were not rewritten: same tuple version.
    const untouchedAfter = await versions();
    for (const id of ids.filter((id) => !damaged.includes(id) && !deleted.includes(id)))
      expect(untouchedAfter.get(id)).toBe(untouchedBefore.get(id));
  });

  it('keeps the decision and metadata once, in the events the row names; a row naming the wrong event is rewritten', async () => {
    const columns = await sql<{ column_name: string }>`
      select column_name from information_schema.columns
      where table_schema = current_schema() and table_name = 'sessions'`.execute(database.db);
    const names = columns.rows.map((c) => c.column_name);
    expect(names).toContain('decision_event_id');
    expect(names).not.toContain('decision');
    expect(names).not.toContain('metadata');

    const documents = (id: string) =>
      database.db
        .selectFrom('sessions')
        .select(['decision_event_id', 'metadata_event_id', 'has_decision'])
        .select([sessionDecision.as('decision'), sessionMetadata.as('metadata')])
        .where('session_id', '=', id)
        .executeTakeFirstOrThrow();
    const withBoth = await database.db
      .selectFrom('sessions')
      .select('session_id')
      .where('decision_event_id', 'is not', null)
      .where('metadata_event_id', 'is not', null)
      .orderBy('session_id')
      .limit(2)
      .execute();
    expect(withBoth).toHaveLength(2);
    const [lost, misnamed] = [withBoth[0]!.session_id, withBoth[1]!.session_id];
    const before = { lost: await documents(lost), misnamed: await documents(misnamed) };
    // What the reader returns is the payload of the event the row names.
    const payload = await database.db
      .selectFrom('webhook_events')
      .select([storedPayload('webhook_events').as('payload'), 'decision_at'])
      .where('id', '=', before.lost.decision_event_id!)
      .executeTakeFirstOrThrow();
    expect(before.lost.decision).toEqual(
      payload.decision_at === 'root' ? payload.payload : (payload.payload as { decision: unknown }).decision,
    );
    expect(before.lost.decision).not.toBeNull();
    expect(before.lost.metadata).not.toBeNull();
    expect(before.lost.has_decision).toBe(true);

    // One row lost its events; the other names another session's.
    await database.db
      .updateTable('sessions')
      .set({ decision_event_id: null, metadata_event_id: null })
      .where('session_id', '=', lost)
      .execute();
    expect(await documents(lost)).toEqual({
      decision_event_id: null,
      metadata_event_id: null,
      has_decision: false,
      decision: null,
      metadata: null,
    });
    await database.db
      .updateTable('sessions')
      .set({ decision_event_id: before.lost.decision_event_id })
      .where('session_id', '=', misnamed)
      .execute();
    expect((await documents(misnamed)).decision).toEqual(before.lost.decision);

    expect((await rebuildSessions(database.db)).rewritten).toBe(2);
    expect(await documents(lost)).toEqual(before.lost);
    expect(await documents(misnamed)).toEqual(before.misnamed);
    expect((await rebuildSessions(database.db)).rewritten).toBe(0);
  });

  const sessionIndexes = async () =>
    (
      await sql<{ indexname: string; indexdef: string }>`
        select indexname, indexdef from pg_indexes where tablename = 'sessions' order by indexname`.execute(
        database.db,
      )
    ).rows;
  const tableComment = async () =>
    (
      await sql<{
        c: string | null;
      }>`select obj_description('sessions'::regclass, 'pg_class') as c`.execute(database.db)
    ).rows[0]?.c;

  it('from an emptied table writes every row with the secondary indexes dropped, then builds them again', async () => {
    const before = await projection();
    const indexesBefore = await sessionIndexes();
    expect(before.length).toBeGreaterThan(20);
    expect(indexesBefore.length).toBeGreaterThan(10);
    await sql`delete from sessions`.execute(database.db);
    const result = await rebuildSessions(database.db, { batchSessions: 17, concurrency: 3 });
    // Every index but the primary key was deferred and is back, with the same definition.
    expect(result).toMatchObject({
      fromEmpty: true,
      indexes: indexesBefore.length - 1,
      rewritten: before.length,
    });
    expect(await projection()).toEqual(before);
    expect(await sessionIndexes()).toEqual(indexesBefore);
    expect(await tableComment()).toBeNull();
    // In sync: the next run compares, writes nothing and leaves the indexes alone.
    expect(await rebuildSessions(database.db)).toMatchObject({ fromEmpty: false, indexes: 0, rewritten: 0 });
  });

  it('builds the indexes without parallel workers, even where the server would plan them', async () => {
    const before = await projection();
    // The table asks for 2 workers whatever its size; an event trigger records the setting each build ran with.
    await sql`alter table sessions set (parallel_workers = 2)`.execute(database.db);
    await sql`create table index_builds (workers text)`.execute(database.db);
    await sql`create function record_index_build() returns event_trigger language plpgsql as $$
      begin
        insert into index_builds values (current_setting('max_parallel_maintenance_workers'));
      end $$`.execute(database.db);
    await sql`create event trigger record_index_builds on ddl_command_end when tag in ('CREATE INDEX')
      execute function record_index_build()`.execute(database.db);
    try {
      await sql`set max_parallel_maintenance_workers = 2`.execute(database.db);
      await sql`delete from sessions`.execute(database.db);
      const result = await rebuildSessions(database.db, { concurrency: 2 });
      const { rows } = await sql<{ workers: string }>`select workers from index_builds`.execute(database.db);
      expect(rows).toHaveLength(result.indexes);
      expect(new Set(rows.map((r) => r.workers))).toEqual(new Set(['0']));
    } finally {
      await sql`drop event trigger record_index_builds`.execute(database.db);
      await sql`drop function record_index_build()`.execute(database.db);
      await sql`drop table index_builds`.execute(database.db);
      await sql`alter table sessions reset (parallel_workers)`.execute(database.db);
    }
    expect(await projection()).toEqual(before);
  });

  it('a from-empty rebuild that fails builds the indexes again; one killed before that leaves them to the next run', async () => {
    const before = await projection();
    const indexesBefore = await sessionIndexes();
    const victim = before[Math.floor(before.length / 2)]!.session_id;
    await sql`delete from sessions`.execute(database.db);
    // Postgres refuses one row midway through the writes.
    await sql`create function refuse_one_session() returns trigger language plpgsql as $$
      begin
        if new.session_id = ${sql.lit(victim)} then raise exception 'refused for the test'; end if;
        return new;
      end $$`.execute(database.db);
    await sql`create trigger refuse_one before insert on sessions
      for each row execute function refuse_one_session()`.execute(database.db);
    try {
      await expect(rebuildSessions(database.db, { batchSessions: 5, concurrency: 1 })).rejects.toThrow(
        'refused for the test',
      );
    } finally {
      await sql`drop trigger refuse_one on sessions`.execute(database.db);
      await sql`drop function refuse_one_session()`.execute(database.db);
    }
    expect(await sessionIndexes()).toEqual(indexesBefore);
    expect(await tableComment()).toBeNull();

    // A run killed after dropping them (the process gone: no catch runs) leaves their definitions recorded.
    await dropSecondaryIndexes(database.db);
    expect((await sessionIndexes()).map((i) => i.indexname)).toEqual(['sessions_pkey']);
    expect(await tableComment()).toMatch(/^console: indexes deferred/);
    // The table is not empty now (the failed run wrote some rows): a comparing rebuild, which first
    // creates the recorded indexes.
    const result = await rebuildSessions(database.db);
    expect(result.fromEmpty).toBe(false);
    expect(await sessionIndexes()).toEqual(indexesBefore);
    expect(await tableComment()).toBeNull();
    expect(await projection()).toEqual(before);
  });
});
