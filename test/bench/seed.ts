import { isDeepStrictEqual } from 'node:util';
import { eventFromWebhook, payloadIsRawText } from 'api/event-input';
import { migrateToLatest, migrationStatus } from 'api/migrate';
import { rebuildSessions } from 'api/rebuild';
import { buildCorpus, eventFor, newId, type RowValues, render, type Template } from './support/corpus.ts';
import {
  createMigratedDatabase,
  databaseComment,
  openDatabase,
  setDatabaseComment,
  urlFor,
} from './support/pg.ts';
import { int, type Row, row } from './support/report.ts';

/**
 * The million-session database the queue, console and rebuild parts share: one signed-webhook event per
 * session in `webhook_events` (exactly the columns the intake stores for that body), then `sessions` built
 * from them by the project's own rebuild. Kept between runs with BENCH_KEEP=1.
 */
export const SEED_VERSION = 'bench-seed v2';
export const SEED_SESSIONS = Number(process.env.BENCH_SESSIONS ?? 1_000_000);
/** BENCH_SEED_DB: a seed of one's own (a copy), so a run does not migrate a seed others are measuring. */
export const SEED_DB = process.env.BENCH_SEED_DB ?? `bench_seed_${SEED_SESSIONS}`;
const BATCH = 1000;
const DAY = 86_400_000;

export interface Seeded {
  url: string;
  sessions: number;
  reused: boolean;
  rows: Row[];
}

const log = (s: string) => process.stderr.write(`[seed] ${s}\n`);

function rowValues(i: number, spanStart: number, spanMs: number): RowValues {
  const createdMs = spanStart + Math.floor((i / SEED_SESSIONS) * spanMs) + (i % 997);
  return {
    sid: newId(),
    eid: newId(),
    num: 10_000 + i,
    ts: Math.floor(createdMs / 1000) + 600 + (i % 3600),
    createdMs,
    vendor: `customer-${(i * 7919) % 5_000_000}`,
    seed: i + 1,
  };
}

/**
 * Each column travels as one text parameter, values separated by U+001E (canonical JSON escapes control
 * characters, so no body contains it): `pg`'s array literal escaping of a thousand 11 KB bodies was the
 * seeder's bottleneck.
 */
const COLUMNS = [
  'text',
  'text',
  'text',
  'text',
  'timestamptz',
  'text',
  'timestamptz',
  'text',
  'text',
  'text',
  'bigint',
  'text',
  'int',
  'text',
  'text',
  'timestamptz',
  'text',
  'text',
  'int',
  'int',
  'int',
  'int',
  'int',
  'text',
];
const INSERT = `
  insert into webhook_events (event_key, event_id, source, webhook_type, session_id, status, occurred_at, tiebreak,
    received_at, signature_scheme, raw_body, payload, decision_at, has_metadata, session_kind, session_number,
    workflow_id, workflow_version, vendor_data, shared_from_session, didit_created_at, apply_state, apply_error,
    decision_full_name, decision_document_number, decision_warning_errors, decision_warning_warnings,
    decision_warning_information, decision_aml_hits, decision_aml_unreviewed_hits, decision_search)
  select k, k, 'webhook', wt, sid, st, occ::timestamptz, tb, rcv::timestamptz, 'v2', convert_to(body, 'UTF8'),
    body::jsonb, da, false, sk, num::bigint, wf, wv::int, vd, sh, dca::timestamptz, 'applied', null,
    fname, dnum, we::int, ww::int, wi::int, ah::int, au::int, srch
  from unnest(${COLUMNS.map((_, i) => `string_to_array($${i + 1}, chr(30), '')`).join(', ')})
    as u(k, wt, sid, st, occ, tb, rcv, body, da, sk, num, wf, wv, vd, sh, dca, fname, dnum, we, ww, wi, ah, au, srch)`;

function batchParams(
  from: number,
  to: number,
  corpus: ReturnType<typeof buildCorpus>,
  spanStart: number,
  spanMs: number,
) {
  const cols: string[][] = Array.from({ length: COLUMNS.length }, () => []);
  for (let i = from; i < to; i++) {
    const t: Template = corpus.pick(i);
    const v = rowValues(i, spanStart, spanMs);
    const body = render(t, v);
    const received = new Date(v.ts * 1000 + 1500);
    const e = eventFor(t, v, body, received);
    if (i % 50_000 === 0) selfCheck(e, body, received);
    const values = [
      e.eventKey,
      e.webhookType,
      e.sessionId,
      e.status,
      e.occurredAt.toISOString(),
      e.tiebreak,
      received.toISOString(),
      e.payloadJson,
      e.decisionAt,
      e.sessionKind,
      e.sessionNumber,
      e.workflowId,
      e.workflowVersion,
      e.vendorData,
      e.sharedFromSession,
      e.diditCreatedAt?.toISOString() ?? null,
      ...(e.decisionColumns
        ? [
            e.decisionColumns.full_name,
            e.decisionColumns.document_number,
            e.decisionColumns.warning_errors,
            e.decisionColumns.warning_warnings,
            e.decisionColumns.warning_information,
            e.decisionColumns.aml_hits,
            e.decisionColumns.aml_unreviewed_hits,
            e.decisionColumns.search_decision,
          ]
        : Array.from({ length: 8 }, () => null)),
    ];
    for (let c = 0; c < COLUMNS.length; c++) cols[c]!.push(values[c] === null ? '' : String(values[c]));
  }
  return cols.map((c) => c.join('\u001e'));
}

/** The seeded columns must be what the real intake derives from the same bytes. */
function selfCheck(mine: ReturnType<typeof eventFor>, body: string, received: Date) {
  const real = eventFromWebhook({
    raw: Buffer.from(body),
    scheme: 'v2',
    body: JSON.parse(body),
    headerTimestamp: Math.floor(received.getTime() / 1000),
    receivedAt: received,
  });
  // Whether the payload is the stored bytes' text (the statements then send the body once).
  if (payloadIsRawText(real) !== payloadIsRawText(mine))
    throw new Error(`seed differs from the intake on rawText: ${payloadIsRawText(real)}`);
  for (const k of Object.keys(real) as (keyof typeof real)[]) {
    if (k === 'rawText') continue;
    const a = real[k];
    const b = mine[k];
    const same =
      a instanceof Date || b instanceof Date
        ? (a as Date | null)?.getTime() === (b as Date | null)?.getTime()
        : a instanceof Uint8Array
          ? Buffer.compare(Buffer.from(a), Buffer.from(b as Uint8Array)) === 0
          : typeof a === 'object' && a !== null
            ? isDeepStrictEqual(a, b)
            : a === b;
    if (!same) throw new Error(`seed differs from the intake on ${k}: ${String(a)} vs ${String(b)}`);
  }
}

/**
 * A kept seed made before the latest migrations: apply them, then refold the projection once so the sessions
 * are what the current fold makes (a new column starts empty), and the rebuild bench starts in sync.
 */
async function catchUp(url: string): Promise<Row[]> {
  const database = await openDatabase(url, 3);
  try {
    const { pending } = await migrationStatus(database.db);
    if (pending === 0) return [];
    log(`applying ${pending} migration(s) to the kept seed, then refolding it`);
    await migrateToLatest(database.db);
    const r = await rebuildSessions(database.db);
    await database.pool.query('vacuum (analyze) sessions');
    return [
      row(
        'seed',
        `kept seed brought up to date (${pending} migration(s), refold)`,
        `${int(r.rewritten)} rows rewritten in ${r.seconds.toFixed(0)} s`,
      ),
    ];
  } finally {
    await database.close();
  }
}

export async function ensureSeeded(): Promise<Seeded> {
  const marker = `${SEED_VERSION} sessions=${SEED_SESSIONS} complete`;
  if ((await databaseComment(SEED_DB).catch(() => null)) === marker) {
    log(`reusing ${SEED_DB} (${int(SEED_SESSIONS)} sessions)`);
    return {
      url: urlFor(SEED_DB),
      sessions: SEED_SESSIONS,
      reused: true,
      rows: await catchUp(urlFor(SEED_DB)),
    };
  }
  const rows: Row[] = [];
  const t0 = performance.now();
  const url = await createMigratedDatabase(SEED_DB);
  const corpus = buildCorpus();
  const database = await openDatabase(url, 3);
  const spanMs = 730 * DAY;
  const spanStart = Date.now() - spanMs - DAY;
  try {
    log(`inserting ${int(SEED_SESSIONS)} signed-webhook events into ${SEED_DB}`);
    const inFlight = new Set<Promise<unknown>>();
    for (let from = 0; from < SEED_SESSIONS; from += BATCH) {
      const to = Math.min(SEED_SESSIONS, from + BATCH);
      const params = batchParams(from, to, corpus, spanStart, spanMs);
      const p = database.pool.query(INSERT, params).finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (inFlight.size >= 2) await Promise.race(inFlight);
      if (from % 50_000 === 0 && from > 0) {
        const s = (performance.now() - t0) / 1000;
        log(`${int(from)} events in ${s.toFixed(0)} s (${int(from / s)}/s)`);
      }
    }
    await Promise.all(inFlight);
    const eventsSeconds = (performance.now() - t0) / 1000;
    rows.push(
      row(
        'seed',
        'events inserted (batched unnest, 2 connections)',
        `${int(SEED_SESSIONS)} in ${eventsSeconds.toFixed(0)} s`,
      ),
    );

    // The first projection: the project's rebuild into an empty table, secondary indexes built after it.
    const q = (text: string) => database.pool.query(text);
    const { rows: defs } = await database.pool.query<{ indexname: string; indexdef: string }>(
      `select indexname, indexdef from pg_indexes
       where schemaname = 'public' and tablename = 'sessions' and indexname <> 'sessions_pkey'`,
    );
    for (const d of defs) await q(`drop index ${d.indexname}`);
    const r = await rebuildSessions(database.db, {
      onProgress: (n) => {
        if (n % 100_000 === 0) log(`${int(n)} sessions folded`);
      },
    });
    rows.push(
      row(
        'seed',
        'first projection (rebuild into an empty table, no secondary indexes)',
        `${r.seconds.toFixed(0)} s (${int(r.events / r.seconds)} events/s)`,
      ),
    );
    const i0 = performance.now();
    for (const d of defs) {
      log(`creating ${d.indexname}`);
      const client = await database.pool.connect();
      try {
        await client.query(`set maintenance_work_mem = '512MB'`);
        await client.query(d.indexdef);
      } finally {
        client.release();
      }
    }
    rows.push(
      row(
        'seed',
        `sessions indexes built (${defs.length})`,
        `${((performance.now() - i0) / 1000).toFixed(0)} s`,
      ),
    );
    log('vacuum analyze');
    await q('vacuum (analyze) sessions');
    await q('vacuum (analyze) webhook_events');
    const { rows: size } = await database.pool.query<{ s: string }>(
      'select pg_size_pretty(pg_database_size(current_database())) as s',
    );
    rows.push(row('seed', 'database size', size[0]!.s));
  } finally {
    await database.close();
  }
  await setDatabaseComment(SEED_DB, marker);
  rows.push(row('seed', 'total seeding time', `${((performance.now() - t0) / 1000).toFixed(0)} s`));
  return { url, sessions: SEED_SESSIONS, reused: false, rows };
}
