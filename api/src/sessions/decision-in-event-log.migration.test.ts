/**
 * Migration 2026-12-07T12-00-00-decision-in-event-log on a database in use before it: every session keeps the
 * decision and metadata it showed, now read from the events it names (rows older than the event ids get them
 * from the fold), `sessions` holds no copy, and `has_decision` follows the event id. A document no event holds
 * stops the migration instead of being dropped; `down` brings the copies back.
 */

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabaseBefore, migratorUpTo } from '../../test/migrations.ts';
import { kycDecision } from '../../test/webhooks.ts';
import type { Database } from '../platform/db/database.ts';
import { sessionDecision, sessionMetadata } from './sessions.repository.ts';

const THIS = '2026-12-07T12-00-00-decision-in-event-log';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabaseBefore(THIS);
});
afterAll(() => database?.close());

const HOUR = 3_600_000;
const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * HOUR);

/** An event of the session `payload.session_id` as the intake stored it (the columns the fold and readers use). */
async function event(
  key: string,
  payload: Record<string, unknown>,
  decisionAt: 'root' | 'decision' | null,
  hasMetadata: boolean,
  hoursAgo: number,
): Promise<number> {
  const text = JSON.stringify(payload);
  const { rows } = await sql<{ id: number }>`
    insert into webhook_events (event_key, source, session_id, status, occurred_at, tiebreak, received_at,
      raw_body, payload, decision_at, has_metadata, apply_state)
    values (${key}, 'webhook', ${String(payload.session_id)}, ${String(payload.status)}, ${at(hoursAgo)}, ${key},
      ${at(hoursAgo)}, convert_to(${text}, 'UTF8'), ${text}::jsonb, ${decisionAt}, ${hasMetadata}, 'applied')
    returning id`.execute(database.db);
  return rows[0]!.id;
}

const json = (v: unknown) => (v === null ? null : JSON.stringify(v));

/** A session row as the code before the migration wrote it: the documents copied, their events named or not. */
async function sessionRow(r: {
  id: string;
  decision: unknown;
  metadata: unknown;
  decisionEvent: number | null;
  metadataEvent: number | null;
}) {
  await sql`
    insert into sessions (session_id, status, decision, metadata, decision_event_id, metadata_event_id,
      last_event_at, last_event_tiebreak, created_at, updated_at)
    values (${r.id}, 'Approved', ${json(r.decision)}::jsonb, ${json(r.metadata)}::jsonb,
      ${r.decisionEvent}, ${r.metadataEvent}, now(), '', now(), now())`.execute(database.db);
}

interface Shown {
  session_id: string;
  decision: unknown;
  metadata: unknown;
  has_decision: boolean;
}

const columnsOfSessions = async () =>
  (
    await sql<{ c: string }>`select column_name as c from information_schema.columns
      where table_schema = current_schema() and table_name = 'sessions'`.execute(database.db)
  ).rows.map((r) => r.c);

describe('the migration keeping the decision and metadata only in the event log', () => {
  it('keeps what every session showed, refuses to drop a document no event holds, and goes back down', async () => {
    const metadata = { plan: 'premium', tier: 2 };
    // Current: documents copied, events named (the code since 2026-12-06T18-00-00-session-document-events).
    const a = kycDecision({ sessionId: 'a', status: 'Approved', fullName: 'Zoë Ångström' });
    const aEvent = await event(
      'a-1',
      { session_id: 'a', status: 'Approved', decision: a, metadata },
      'decision',
      true,
      3,
    );
    await sessionRow({ id: 'a', decision: a, metadata, decisionEvent: aEvent, metadataEvent: aEvent });
    // Older rows, never rebuilt since: documents copied, no event named. The fold's event is the newest
    // carrying one (b's later status event has no decision; its metadata is newer than the decision).
    const b = {
      ...kycDecision({ sessionId: 'b', status: 'Declined', fullName: 'Иван Петров' }),
      status: 'Declined',
    };
    await event('b-1', b, 'root', false, 5);
    const bMetadata = { plan: 'basic' };
    await event('b-2', { session_id: 'b', status: 'Declined', metadata: bMetadata }, null, true, 4);
    await sessionRow({ id: 'b', decision: b, metadata: bMetadata, decisionEvent: null, metadataEvent: null });
    // No decision at all.
    await event('c-1', { session_id: 'c', status: 'Not Started' }, null, false, 1);
    await sessionRow({ id: 'c', decision: null, metadata: null, decisionEvent: null, metadataEvent: null });
    // A decision put into the table by hand: no event carries it.
    await sessionRow({
      id: 'd',
      decision: { status: 'Approved', edited: true },
      metadata: null,
      decisionEvent: null,
      metadataEvent: null,
    });

    const shownBefore = async () =>
      (
        await sql<Shown>`select session_id, decision, metadata, has_decision from sessions
          where session_id <> 'd' order by session_id`.execute(database.db)
      ).rows;
    const before = await shownBefore();
    expect(before.map((r) => r.has_decision)).toEqual([true, true, false]);

    const migrator = await migratorUpTo(database.db, THIS);
    const refused = await migrator.migrateToLatest();
    expect(String(refused.error)).toMatch(/1 session\(s\) hold a decision or metadata that no event/);
    // Nothing changed: the migration ran in one transaction.
    expect(await columnsOfSessions()).toEqual(expect.arrayContaining(['decision', 'metadata']));
    expect(await shownBefore()).toEqual(before);

    await sql`delete from sessions where session_id = 'd'`.execute(database.db);
    const { error } = await migrator.migrateToLatest();
    expect(error).toBeUndefined();
    const columns = await columnsOfSessions();
    expect(columns).not.toContain('decision');
    expect(columns).not.toContain('metadata');
    expect(columns).toContain('has_decision');
    const shownAfter = await database.db
      .selectFrom('sessions')
      .select(['session_id', 'has_decision'])
      .select([sessionDecision.as('decision'), sessionMetadata.as('metadata')])
      .orderBy('session_id')
      .execute();
    expect(shownAfter).toEqual(before);

    const down = await migrator.migrateDown();
    expect(down.error).toBeUndefined();
    expect(await shownBefore()).toEqual(before);
  });
});
