/**
 * Migration 2026-12-07T14-30-00-search-without-session-id on a database in use before it: every session's
 * `search_text` loses its session id and becomes what the intake and the rebuild now write (a rebuild after it
 * rewrites nothing), the id gets its prefix B-tree, and `down` puts the id back.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabaseBefore, migratorUpTo } from '../../test/migrations.ts';
import { kycDecision } from '../../test/webhooks.ts';
import type { Database } from '../platform/db/database.ts';
import { applyEvent } from './apply-event.ts';
import { eventFromDecision, eventFromWebhook } from './event-input.ts';
import { rebuildSessions } from './rebuild.ts';
import { NO_DECISION } from './session-columns.ts';

const THIS = '2026-12-07T14-30-00-search-without-session-id';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabaseBefore(THIS);
});
afterAll(() => database?.close());

const texts = async () =>
  Object.fromEntries(
    (
      await sql<{ session_id: string; search_text: string }>`
        select session_id, search_text from sessions order by session_id`.execute(database.db)
    ).rows.map((r) => [r.session_id, r.search_text]),
  );

const indexes = async () =>
  (
    await sql<{ indexname: string }>`
      select indexname from pg_indexes where tablename = 'sessions' order by indexname`.execute(database.db)
  ).rows.map((r) => r.indexname);

describe('the migration taking the session id out of search_text', () => {
  it('rewrites every search_text as the fold now computes it, indexes the id, and goes back down', async () => {
    const { db } = database;
    const at = new Date('2026-12-01T00:00:00Z');
    const decided = 'AB12CD34-0000-4000-8000-000000000001';
    const decision = {
      ...kycDecision({ sessionId: decided, status: 'Approved', fullName: 'Zoë Ångström', sessionNumber: 1 }),
      vendor_data: 'Vendor-One',
    };
    await applyEvent(
      db,
      eventFromDecision({ source: 'backfill', sessionId: decided, decision, fetchedAt: at, eventKey: 'k-1' }),
      at,
    );
    // A session without a decision: only a status webhook.
    const statusOnly = 'ef56ab78-0000-4000-8000-000000000002';
    const body = {
      event_id: 'e-2',
      webhook_type: 'status.updated',
      timestamp: Math.floor(at.getTime() / 1000),
      session_id: statusOnly,
      status: 'Not Started',
      vendor_data: 'Vendor-Two',
    };
    await applyEvent(
      db,
      eventFromWebhook({
        raw: Buffer.from(JSON.stringify(body)),
        scheme: 'v2',
        body,
        headerTimestamp: body.timestamp,
        receivedAt: at,
      }),
      at,
    );
    // As the code before the migration wrote it: the lowered session id first.
    await sql`update sessions set search_text = lower(session_id || chr(31)) || search_text`.execute(db);
    const before = await texts();
    expect(before[decided]?.startsWith(`${decided.toLowerCase()}\u001fvendor-one\u001fzoë ångström`)).toBe(
      true,
    );
    // The decision's part without a decision, as the code writes it (before 2026-12-07T18-00-00: seven empty
    // fields, the second a space; since: nothing).
    const noDecision = NO_DECISION.search_decision;
    expect(before[statusOnly]).toBe(`${statusOnly}\u001fvendor-two\u001f${noDecision}`);

    const migrator = await migratorUpTo(db, THIS);
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    const after = await texts();
    expect(after).toEqual({
      [decided]: before[decided]!.slice(decided.length + 1),
      [statusOnly]: `vendor-two\u001f${noDecision}`,
    });
    expect(await indexes()).toEqual(
      expect.arrayContaining(['sessions_search_fold_idx', 'sessions_session_id_prefix_idx']),
    );
    // What the fold computes: a rebuild finds every row in sync.
    expect((await rebuildSessions(db)).rewritten).toBe(0);

    expect((await migrator.migrateDown()).error).toBeUndefined();
    expect(await texts()).toEqual(before);
    expect(await indexes()).toContain('sessions_search_fold_idx');
    expect(await indexes()).not.toContain('sessions_session_id_prefix_idx');
  });
});
