/**
 * Migration 2026-12-07T08-00-00-decision-columns on a database that was in use before it: the generated
 * columns become plain ones with the same values, the events already stored get their `decision_*` columns, and
 * both the rebuild from an empty table and the next delivery compute what the generated columns did.
 */
import { documented } from '@console/didit/fixtures/documented';
import { generateDecision } from '@console/sandbox/generator';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabaseBefore } from '../../test/migrations.ts';
import type { Database } from '../platform/db/database.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';
import { applyEvent } from './apply-event.ts';
import { eventFromWebhook } from './event-input.ts';
import { rebuildSessions } from './rebuild.ts';
import { DECISION_COLUMNS, deriveSessionColumns, distinctSearchValues } from './session-columns.ts';

const THIS = '2026-12-07T08-00-00-decision-columns';
const DERIVED = [...DECISION_COLUMNS, 'search_text'] as const;

let database: Database;
beforeAll(async () => {
  database = await createTestDatabaseBefore(THIS);
});
afterAll(() => database?.close());

const decisions: Record<string, unknown>[] = [
  documented.kycDecision.body,
  documented.kybDecision.body,
  ...Array.from({ length: 30 }, (_, i) =>
    generateDecision({
      seed: i + 1,
      sessionId: `gen-${i}`,
      sessionNumber: i,
      kind: i % 3 === 0 ? 'business' : 'user',
      status: ['Approved', 'Declined', 'In Review'][i % 3]!,
      workflowId: 'wf',
    }),
  ),
];
const sid = (i: number) => `s-${String(i).padStart(3, '0')}`;

/**
 * The generated `search_text` as it is since 2026-12-07T14-30-00-search-without-session-id (applied by
 * `migrateToLatest` too): without the leading `session_id ␟`.
 */
const withoutSessionId = (rows: Record<string, unknown>[]) =>
  rows.map((r) => ({ ...r, search_text: String(r.search_text).slice(String(r.session_id).length + 1) }));

/**
 * And as it is since 2026-12-07T18-00-00-search-text-distinct-values: after `vendor_data ␟`, each value of
 * the decision once (blank ones left out). These decisions hold no two values differing only in case.
 */
const distinctValues = (rows: Record<string, unknown>[]) =>
  rows.map((r) => {
    const [vendor, ...values] = String(r.search_text).split('\u001f');
    return { ...r, search_text: [vendor, distinctSearchValues(values)].join('\u001f') };
  });

describe('the migration to decision columns kept on the event', () => {
  it('keeps the values, fills the events, and the rebuild and the intake compute them as before', async () => {
    const { db } = database;
    // Stored as the code before the migration stored them: an event, then its session (generated columns).
    await sql`
      insert into webhook_events (event_key, source, session_id, status, occurred_at, tiebreak, received_at,
        raw_body, payload, decision_at, vendor_data, apply_state)
      select 'k-' || x.i, 'refresh', 's-' || lpad((x.i - 1)::text, 3, '0'), 'Approved',
        now() - interval '1 hour', 't', now(), convert_to(x.d, 'UTF8'), x.d::jsonb, 'root',
        'vendor-' || (x.i - 1), 'applied'
      from unnest(${decisions.map((d) => JSON.stringify(d))}::text[]) with ordinality as x(d, i)`.execute(db);
    await sql`
      insert into sessions (session_id, status, vendor_data, decision, decision_event_id, last_event_at,
        last_event_tiebreak, created_at, updated_at)
      select session_id, status, vendor_data, payload, id, occurred_at, tiebreak, received_at, received_at
      from webhook_events`.execute(db);
    const columns = sql.join(DERIVED.map((c) => sql.ref(c)));
    const derivedOfSessions = async () =>
      (
        await sql<
          Record<string, unknown>
        >`select session_id, ${columns} from sessions order by session_id`.execute(db)
      ).rows;
    const generated = await derivedOfSessions();
    expect(generated.filter((r) => r.full_name !== null).length).toBeGreaterThan(25);

    await migrateToLatest(db);
    const kept = await derivedOfSessions();
    expect(kept).toEqual(distinctValues(withoutSessionId(generated)));
    const generatedCount = await sql<{ n: number }>`
      select count(*)::int as n from information_schema.columns
      where table_name = 'sessions' and is_generated = 'ALWAYS'
        and column_name = any(${[...DERIVED]})`.execute(db);
    expect(generatedCount.rows[0]?.n).toBe(0);

    // The events got what the intake computes now; the sessions their decision's search part.
    const events = await db
      .selectFrom('webhook_events')
      .select([
        'session_id',
        'decision_full_name',
        'decision_document_number',
        'decision_warning_errors',
        'decision_warning_warnings',
        'decision_warning_information',
        'decision_aml_hits',
        'decision_aml_unreviewed_hits',
        'decision_search',
      ])
      .orderBy('session_id')
      .execute();
    expect(events).toEqual(
      decisions.map((d, i) => {
        const c = deriveSessionColumns(d);
        return {
          session_id: sid(i),
          decision_full_name: c.full_name,
          decision_document_number: c.document_number,
          decision_warning_errors: c.warning_errors,
          decision_warning_warnings: c.warning_warnings,
          decision_warning_information: c.warning_information,
          decision_aml_hits: c.aml_hits,
          decision_aml_unreviewed_hits: c.aml_unreviewed_hits,
          decision_search: c.search_decision,
        };
      }),
    );
    const searchParts = await db
      .selectFrom('sessions')
      .select('decision_search')
      .orderBy('session_id')
      .execute();
    expect(searchParts.map((r) => r.decision_search)).toEqual(
      decisions.map((d) => deriveSessionColumns(d).search_decision),
    );

    // The next delivery: a status without a decision that changes vendor_data recomputes search_text.
    const body = {
      event_id: 'late-status',
      webhook_type: 'status.updated',
      timestamp: Math.floor(Date.now() / 1000),
      session_id: sid(2),
      status: 'In Review',
      vendor_data: 'Renamed-Vendor',
    };
    const raw = Buffer.from(JSON.stringify(body));
    await applyEvent(
      db,
      eventFromWebhook({ raw, scheme: 'v2', body, headerTimestamp: body.timestamp, receivedAt: new Date() }),
      new Date(),
    );
    const renamed = await db
      .selectFrom('sessions')
      .select(['search_text', 'full_name'])
      .where('session_id', '=', sid(2))
      .executeTakeFirstOrThrow();
    const old = distinctValues(withoutSessionId(generated))[2]!;
    expect(renamed.full_name).toBe(old.full_name);
    expect(renamed.search_text).toBe(
      (old.search_text as string).replace('vendor-2\u001f', 'renamed-vendor\u001f'),
    );

    // From an empty table, the rebuild gives every session the values the generated columns gave.
    await sql`delete from webhook_events where event_key = 'late-status'`.execute(db);
    await sql`delete from sessions`.execute(db);
    await rebuildSessions(db);
    const rebuilt = await derivedOfSessions();
    expect(rebuilt).toEqual(distinctValues(withoutSessionId(generated)));
  });
});
