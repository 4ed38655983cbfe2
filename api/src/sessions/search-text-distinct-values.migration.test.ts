/**
 * Migration 2026-12-07T18-00-00-search-text-distinct-values on a database in use before it: every stored
 * `decision_search` (events and sessions) becomes what `deriveSessionColumns` now computes, each value once,
 * the SQL giving exactly what the code gives; every `search_text` what the fold computes (a rebuild after it
 * rewrites nothing); `down` gives the sessions without a decision the old placeholder back.
 */
import { documented } from '@console/didit/fixtures/documented';
import { generateDecision } from '@console/sandbox/generator';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabaseBefore, migratorUpTo } from '../../test/migrations.ts';
import type { Database } from '../platform/db/database.ts';
import { applyEvent } from './apply-event.ts';
import { eventFromDecision, eventFromWebhook } from './event-input.ts';
import { rebuildSessions } from './rebuild.ts';
import { deriveSessionColumns, searchValues } from './session-columns.ts';

const THIS = '2026-12-07T18-00-00-search-text-distinct-values';
const US = '\u001f';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabaseBefore(THIS);
});
afterAll(() => database?.close());

const sid = (i: number) => `dv-${String(i).padStart(3, '0')}`;
const decisions: Record<string, unknown>[] = [
  documented.kycDecision.body,
  documented.kybDecision.body,
  // The same name three times, a value of spaces, one holding U+001F, one repeated in another case.
  {
    id_verifications: [
      { full_name: 'Ana Lima', first_name: 'Ana', last_name: 'Lima', document_number: `X1${US}Ana Lima` },
    ],
    aml_screenings: [{ screened_data: { full_name: 'ANA LIMA' } }],
    registry_checks: [{ company_name: '   ', legal_name: 'Ana Lima' }],
  },
  ...Array.from({ length: 20 }, (_, i) =>
    generateDecision({
      seed: i + 1,
      sessionId: sid(i + 3),
      sessionNumber: i,
      kind: i % 3 === 0 ? 'business' : 'user',
      status: ['Approved', 'Declined', 'In Review'][i % 3]!,
      workflowId: 'wf',
    }),
  ),
];
const STATUS_ONLY = 'dv-status-only';

const rows = async (table: 'sessions' | 'webhook_events') =>
  (
    await sql<{ session_id: string; decision_search: string | null; search_text?: string }>`
      select session_id, decision_search ${table === 'sessions' ? sql`, search_text` : sql``}
      from ${sql.table(table)} order by session_id`.execute(database.db)
  ).rows;

describe('the migration keeping each search value once', () => {
  it('rewrites every decision_search as the code computes it, every search_text as the fold does, and goes back down', async () => {
    const { db } = database;
    const at = new Date('2026-12-01T00:00:00Z');
    for (const [i, decision] of decisions.entries())
      await applyEvent(
        db,
        eventFromDecision({
          source: 'backfill',
          sessionId: sid(i),
          decision: { ...decision, vendor_data: `Vendor-${i}` },
          fetchedAt: at,
          eventKey: `k-${i}`,
        }),
        at,
      );
    const body = {
      event_id: 'e-status',
      webhook_type: 'status.updated',
      timestamp: Math.floor(at.getTime() / 1000),
      session_id: STATUS_ONLY,
      status: 'Not Started',
      vendor_data: 'Vendor-S',
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
    // As the code before the migration wrote it: every value, repeated ones too, and a placeholder without one.
    const old = new Map(decisions.map((d, i) => [sid(i), searchValues(d).join(US)]));
    const oldPlaceholder = searchValues(undefined).join(US);
    expect(oldPlaceholder).toBe(`${US} ${US.repeat(5)}`);
    for (const table of ['webhook_events', 'sessions'] as const)
      for (const [session, text] of old)
        await sql`update ${sql.table(table)} set decision_search = ${text} where session_id = ${session}`.execute(
          db,
        );
    await sql`update sessions set search_text = lower(coalesce(vendor_data, '') || chr(31)
      || coalesce(decision_search, ${oldPlaceholder}))`.execute(db);
    const before = await rows('sessions');
    expect(before.find((r) => r.session_id === sid(2))?.search_text).toBe(
      `vendor-2${US}ana lima${US}ana lima${US}   ${US}ana lima${US}ana lima${US}x1${US}ana lima${US}`,
    );

    const migrator = await migratorUpTo(db, THIS);
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    const expected = new Map(decisions.map((d, i) => [sid(i), deriveSessionColumns(d).search_decision]));
    expect(expected.get(sid(2))).toBe(`Ana Lima${US}ANA LIMA${US}X1`);
    expect(await rows('webhook_events')).toEqual(
      [...expected, [STATUS_ONLY, null] as const]
        .map(([session_id, decision_search]) => ({ session_id, decision_search }))
        .sort((a, b) => a.session_id.localeCompare(b.session_id)),
    );
    const after = await rows('sessions');
    expect(after.find((r) => r.session_id === sid(2))?.search_text).toBe(
      `vendor-2${US}ana lima${US}ana lima${US}x1`,
    );
    expect(after.find((r) => r.session_id === STATUS_ONLY)).toEqual({
      session_id: STATUS_ONLY,
      decision_search: null,
      search_text: `vendor-s${US}`,
    });
    for (const r of after)
      if (r.session_id !== STATUS_ONLY) expect(r.decision_search).toBe(expected.get(r.session_id));
    // What the fold computes: a rebuild finds every row in sync, and the index is back.
    expect((await rebuildSessions(db)).rewritten).toBe(0);
    const { rows: indexes } = await sql<{ n: number }>`
      select count(*)::int as n from pg_indexes where indexname = 'sessions_search_fold_idx'`.execute(db);
    expect(indexes[0]?.n).toBe(1);

    expect((await migrator.migrateDown()).error).toBeUndefined();
    const down = await rows('sessions');
    expect(down.find((r) => r.session_id === STATUS_ONLY)?.search_text).toBe(
      `vendor-s${US}${oldPlaceholder}`,
    );
    expect(down.filter((r) => r.session_id !== STATUS_ONLY)).toEqual(
      after.filter((r) => r.session_id !== STATUS_ONLY),
    );
  });
});
