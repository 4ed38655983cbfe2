import { encodeCursor } from 'api/sessions-views';
import pg from 'pg';
import type { ColdStart } from './console-app.ts';
import { WORKFLOWS } from './support/corpus.ts';
import { Getter, type Timing, timeGets } from './support/http.ts';
import { ms, percentile, type Row, row } from './support/report.ts';
import { startSteadyIntake } from './support/steady-intake.ts';

/**
 * Part 2: the queue and the case view over HTTP against the million-session database, p50/p95 of
 * sequential requests from one signed-in reviewer with warm caches; the deep page with OFFSET straight in SQL
 * as the baseline. Then a few representative queries again while signed webhooks arrive at a steady rate
 * (BENCH_QUEUE_INTAKE_RATE per second), and each one's first request after a restart (cold caches).
 */
const N = Number(process.env.BENCH_QUEUE_REQUESTS ?? 60);
const INTAKE_RATE = Number(process.env.BENCH_QUEUE_INTAKE_RATE ?? 200);
const COLD_RUNS = Number(process.env.BENCH_QUEUE_COLD_RUNS ?? 1);
const OFFSET_RUNS = Number(process.env.BENCH_OFFSET_RUNS ?? 10);
const log = (s: string) => process.stderr.write(`[queue] ${s}\n`);

/** The queue's own row (sessions.repository LIST_COLUMNS), for the SQL baselines. */
const LIST_SQL = `select session_id, session_number, session_kind, status, status_key, workflow_id, workflow_version,
  vendor_data, full_name, document_number, warning_errors, warning_warnings, warning_information, aml_hits,
  aml_unreviewed_hits, shared_from_session, imported, sort_at, created_at, updated_at, last_event_at from sessions`;

async function cursorAt(c: pg.Client, where: string, depth: number): Promise<string> {
  const { rows } = await c.query<{ sort_at: Date; session_id: string }>(
    `select sort_at, session_id from sessions ${where} order by sort_at, session_id offset $1 limit 1`,
    [depth - 1],
  );
  if (!rows[0]) throw new Error(`no row ${depth} deep for "${where}"`);
  return encodeCursor(rows[0]);
}

/**
 * Each column sort's ORDER BY before session_id, as api/src/sessions/queue-sort.sql.ts orders (ascending, its
 * rows without a key last), for the cursors of the deep pages below.
 */
type QueueSort = NonNullable<Parameters<typeof encodeCursor>[1]>;
const SORT_SQL: Record<Exclude<QueueSort, 'created'>, string> = {
  last_event: 'last_event_at',
  number: 'session_number',
  subject: 'subject_key',
  status: 'status_key, sort_at',
  findings: 'aml_unreviewed_hits, warning_errors, warning_warnings, sort_at',
};

async function sortCursorAt(c: pg.Client, sort: Exclude<QueueSort, 'created'>, depth: number) {
  const { rows } = await c.query(
    `select * from (
       select session_id, sort_at, last_event_at, session_number, status_key, aml_unreviewed_hits,
         warning_errors, warning_warnings, left(console_fold(full_name), 32) collate "C" as subject_key
       from sessions) s
     order by ${SORT_SQL[sort]}, session_id offset $1 limit 1`,
    [depth - 1],
  );
  if (!rows[0]) throw new Error(`no row ${depth} deep in sort ${sort}`);
  return encodeCursor(rows[0], sort);
}

/** A value from a random row: `{sample}` becomes a block sample, widened until it finds one. */
async function sample(c: pg.Client, sqlText: string): Promise<string> {
  for (const pct of [0.2, 5, 100]) {
    const { rows } = await c.query<{ v: string }>(sqlText.replace('{sample}', `tablesample system (${pct})`));
    if (rows[0]) return rows[0].v;
  }
  throw new Error(`no sample for ${sqlText}`);
}

async function sqlTimes(
  c: pg.Client,
  text: string,
  params: unknown[],
  runs: number,
): Promise<{ p50: number; p95: number }> {
  await c.query(text, params);
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await c.query(text, params);
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return { p50: percentile(t, 50), p95: percentile(t, 95) };
}

export async function benchQueue(
  serverUrl: string,
  cookie: string,
  databaseUrl: string,
  sessions: number,
  cold: ColdStart,
): Promise<Row[]> {
  const rows: Row[] = [];
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  let ended = false;
  const g = new Getter(serverUrl, cookie);
  try {
    const deep = Math.floor(sessions / 2);
    log('building cursors and picking search terms');
    const { rows: ir } = await c.query<{ n: number }>(
      `select count(*)::int as n from sessions where status_key = 'IN_REVIEW'`,
    );
    const inReview = ir[0]!.n;
    const deepCursor = await cursorAt(c, '', deep);
    const deepReviewCursor = await cursorAt(c, `where status_key = 'IN_REVIEW'`, Math.floor(inReview / 2));
    const latin = await sample(
      c,
      `select full_name as v from sessions {sample} where session_kind = 'user' and full_name ~ '^[A-Za-z]' limit 1`,
    );
    const latinLast = latin.split(' ').slice(1).join(' ');
    const cyrillic = await sample(
      c,
      `select split_part(full_name, ' ', 2) as v from sessions {sample} where full_name ~ '^[А-я]' limit 1`,
    );
    const arabic = await sample(
      c,
      `select split_part(full_name, ' ', 2) as v from sessions {sample} where full_name ~ '^[ء-ي]' limit 1`,
    );
    const cjk = await sample(
      c,
      `select full_name as v from sessions {sample} where full_name ~ '^[一-龥]' limit 1`,
    );
    const greek = await sample(
      c,
      `select full_name as v from sessions {sample} where full_name ~ '^[Α-ω]' limit 1`,
    );
    const company = await sample(
      c,
      `select full_name as v from sessions {sample} where session_kind = 'business' and full_name is not null limit 1`,
    );
    const doc = await sample(
      c,
      `select document_number as v from sessions {sample} where document_number is not null limit 1`,
    );
    const number = await sample(c, `select session_number::text as v from sessions {sample} limit 1`);
    const { rows: ids } = await c.query<{ session_id: string }>(
      `select session_id from sessions tablesample system (1) where has_decision limit ${N + 10}`,
    );
    log(`terms: ${JSON.stringify({ latin, latinLast, cyrillic, arabic, cjk, greek, company, doc, number })}`);
    const enc = encodeURIComponent;
    const month = new Date(Date.now() - 200 * 86_400_000);
    const from = month.toISOString().slice(0, 10);
    const to = new Date(month.getTime() + 30 * 86_400_000).toISOString().slice(0, 10);

    log('building the column sorts’ deep cursors');
    const sorts = Object.keys(SORT_SQL) as Exclude<QueueSort, 'created'>[];
    const sortCursors = new Map<string, string>();
    for (const sort of sorts) sortCursors.set(sort, await sortCursorAt(c, sort, deep));

    type Q = { name: string; path: string | ((i: number) => string); group?: 'search' | 'case' };
    // Every column sort: first page both ways, the In Review tab, and a page half the table deep.
    const sortQueries: Q[] = sorts.flatMap((sort) => [
      { name: `sort=${sort}, first page`, path: `/api/sessions?sort=${sort}` },
      { name: `sort=${sort} descending, first page`, path: `/api/sessions?sort=${sort}&order=newest` },
      {
        name: `sort=${sort}, first In Review page`,
        path: `/api/sessions?sort=${sort}&status=${encodeURIComponent('In Review')}`,
      },
      {
        name: `sort=${sort}, keyset page ${deep.toLocaleString('en-US')} rows deep`,
        path: `/api/sessions?sort=${sort}&cursor=${sortCursors.get(sort)}`,
      },
    ]);
    const list: Q[] = [
      { name: 'first page, all statuses', path: '/api/sessions' },
      { name: 'first In Review page', path: `/api/sessions?status=${enc('In Review')}` },
      {
        name: `keyset page ${deep.toLocaleString('en-US')} rows deep`,
        path: `/api/sessions?cursor=${deepCursor}`,
      },
      {
        name: `In Review keyset page ${Math.floor(inReview / 2).toLocaleString('en-US')} deep`,
        path: `/api/sessions?status=${enc('In Review')}&cursor=${deepReviewCursor}`,
      },
      { name: 'newest first', path: '/api/sessions?order=newest' },
      { name: 'status=Approved,Declined', path: '/api/sessions?status=Approved,Declined' },
      { name: 'kind=business', path: '/api/sessions?kind=business' },
      { name: 'In Review + kind=business', path: `/api/sessions?status=${enc('In Review')}&kind=business` },
      { name: 'imported=true', path: '/api/sessions?imported=true' },
      { name: 'imported=false', path: '/api/sessions?imported=false' },
      { name: 'workflow_id', path: `/api/sessions?workflow_id=${WORKFLOWS.kycEnhanced}` },
      { name: 'from/to (30 days)', path: `/api/sessions?from=${from}&to=${to}` },
      { name: 'has_aml_hits=true', path: '/api/sessions?has_aml_hits=true' },
      { name: 'has_unreviewed_hits=true', path: '/api/sessions?has_unreviewed_hits=true' },
      {
        name: 'In Review + has_unreviewed_hits',
        path: `/api/sessions?status=${enc('In Review')}&has_unreviewed_hits=true`,
      },
      { name: 'has_issues=true', path: '/api/sessions?has_issues=true' },
      { name: 'has_issues=false', path: '/api/sessions?has_issues=false' },
      { name: 'assigned=none', path: `/api/sessions?status=${enc('In Review')}&assigned=none` },
      ...sortQueries,
      { name: 'search Latin full name', path: `/api/sessions?q=${enc(latin)}`, group: 'search' },
      { name: 'search Latin surname', path: `/api/sessions?q=${enc(latinLast)}`, group: 'search' },
      { name: 'search Cyrillic surname', path: `/api/sessions?q=${enc(cyrillic)}`, group: 'search' },
      { name: 'search Arabic surname', path: `/api/sessions?q=${enc(arabic)}`, group: 'search' },
      { name: 'search CJK full name', path: `/api/sessions?q=${enc(cjk)}`, group: 'search' },
      { name: 'search Greek full name', path: `/api/sessions?q=${enc(greek)}`, group: 'search' },
      { name: 'search company name', path: `/api/sessions?q=${enc(company)}`, group: 'search' },
      {
        name: 'search common first name (Latin)',
        path: `/api/sessions?q=${enc(latin.split(' ')[0]!)}`,
        group: 'search',
      },
      {
        name: 'search common first name (Cyrillic)',
        path: `/api/sessions?q=${enc('Наталья')}`,
        group: 'search',
      },
      { name: 'search with no match', path: `/api/sessions?q=${enc('Zqxwvy Kjhgf')}`, group: 'search' },
      { name: 'search 2 letters', path: `/api/sessions?q=${enc('ma')}`, group: 'search' },
      { name: 'search document number', path: `/api/sessions?q=${enc(doc)}`, group: 'search' },
      { name: 'search session number', path: `/api/sessions?q=${number}`, group: 'search' },
      // A session id is looked up whole or by its first 8 characters (B-tree), not through the trigram index.
      { name: 'search session id', path: `/api/sessions?q=${ids[0]!.session_id}`, group: 'search' },
      {
        name: 'search session id, first 8 characters',
        path: `/api/sessions?q=${ids[0]!.session_id.slice(0, 8)}`,
        group: 'search',
      },
      {
        name: 'search In Review + Latin surname',
        path: `/api/sessions?status=${enc('In Review')}&q=${enc(latinLast)}`,
        group: 'search',
      },
      {
        name: 'case view GET /api/sessions/:id',
        path: (i: number) => `/api/sessions/${ids[i % ids.length]!.session_id}`,
        group: 'case',
      },
    ];
    const queries = list.map((q) => ({
      ...q,
      target: q.group === 'search' ? 50 : q.group === 'case' ? 30 : 20,
    }));

    const results = new Map<string, Timing>();
    for (const q of queries) {
      log(q.name);
      const t = await timeGets(g, typeof q.path === 'string' ? () => q.path as string : q.path, N);
      results.set(q.name, t);
      const ok = t.errors === 0 && t.p95 <= q.target;
      rows.push(
        row(
          'queue',
          q.name,
          `min ${ms(t.min)} · p50 ${ms(t.p50)} · p95 ${ms(t.p95)}${t.items === undefined ? '' : ` · ${t.items} rows`}${t.errors ? ` · ${t.errors} errors` : ''}`,
          `p95 ≤ ${q.target} ms`,
          ok,
        ),
      );
    }
    const first = results.get('first page, all statuses')!;
    const deepT = results.get(`keyset page ${deep.toLocaleString('en-US')} rows deep`)!;
    const ratio = deepT.p95 / first.p95;
    rows.push(row('queue', 'deep / first page (p95)', ratio.toFixed(2), '≤ 1.5', ratio <= 1.5));

    log('OFFSET baseline');
    const keysetSql = await sqlTimes(
      c,
      `${LIST_SQL} where (sort_at, session_id) > ($1::timestamptz, $2) order by sort_at, session_id limit 51`,
      (() => {
        const [s, id] = JSON.parse(Buffer.from(deepCursor, 'base64url').toString('utf8')) as [string, string];
        return [s, id];
      })(),
      OFFSET_RUNS,
    );
    const offsetSql = await sqlTimes(
      c,
      `${LIST_SQL} order by sort_at, session_id offset $1 limit 51`,
      [deep],
      OFFSET_RUNS,
    );
    rows.push(
      row(
        'queue',
        `same deep page in SQL, keyset (${OFFSET_RUNS} runs)`,
        `p50 ${ms(keysetSql.p50)} · p95 ${ms(keysetSql.p95)}`,
      ),
      row(
        'queue',
        `same deep page in SQL, OFFSET ${deep.toLocaleString('en-US')} (${OFFSET_RUNS} runs)`,
        `p50 ${ms(offsetSql.p50)} · p95 ${ms(offsetSql.p95)}`,
      ),
      row('queue', 'OFFSET / keyset (p50, SQL)', `${(offsetSql.p50 / keysetSql.p50).toFixed(0)}×`),
    );

    const representative = queries.filter((q) =>
      [
        'first page, all statuses',
        'first In Review page',
        `keyset page ${deep.toLocaleString('en-US')} rows deep`,
        'search Latin surname',
        'case view GET /api/sessions/:id',
      ].includes(q.name),
    );
    const pathOf = (q: (typeof queries)[number]) =>
      typeof q.path === 'string' ? () => q.path as string : q.path;

    log(`under intake: ${INTAKE_RATE} webhooks/s while the queries run`);
    const intake = await startSteadyIntake(serverUrl, INTAKE_RATE);
    const busy: Array<[(typeof queries)[number], Timing]> = [];
    try {
      for (const q of representative) busy.push([q, await timeGets(g, pathOf(q), N)]);
    } finally {
      const sent = await intake.stop();
      rows.push(
        row(
          'queue',
          `intake during the queries below: webhooks/s sent (target ${INTAKE_RATE}) · acknowledged`,
          `${(sent.sent / sent.seconds).toFixed(0)} · ${sent.ok} of ${sent.sent}`,
          `${INTAKE_RATE}/s, all 200`,
          sent.sent / sent.seconds >= INTAKE_RATE * 0.95 && sent.ok === sent.sent,
        ),
      );
      // The seed database may be kept for the next run: take the new sessions out again.
      await c.query('delete from webhook_events where session_id = any($1)', [sent.sessionIds]);
      await c.query('delete from sessions where session_id = any($1)', [sent.sessionIds]);
    }
    for (const [q, t] of busy) {
      const warm = results.get(q.name)!;
      rows.push(
        row(
          'queue',
          `${q.name}, under intake (warm alone: p95 ${ms(warm.p95)})`,
          `p50 ${ms(t.p50)} · p95 ${ms(t.p95)}${t.errors ? ` · ${t.errors} errors` : ''}`,
          `p95 ≤ ${q.target} ms`,
          t.errors === 0 && t.p95 <= q.target,
        ),
      );
    }

    // Cold: each query's first request after a restart of the console (and Postgres, when configured). The
    // bench's own connection would be terminated by a Postgres restart (an unhandled 'error' event ends
    // the process), so it is closed first.
    await c.end();
    ended = true;
    for (const q of representative) {
      const times: number[] = [];
      let errors = 0;
      for (let k = 0; k < COLD_RUNS; k++) {
        const url = await cold.restart();
        const fresh = new Getter(url, cookie);
        try {
          const r = await fresh.get(pathOf(q)(k));
          if (r.status !== 200) errors++;
          times.push(r.ms);
        } finally {
          fresh.close();
        }
      }
      rows.push(
        row(
          'queue',
          `${q.name}, first request after a restart (${cold.describe}; warm p50 ${ms(results.get(q.name)!.p50)})`,
          `${times.map(ms).join(' · ')}${errors ? ` · ${errors} errors` : ''}`,
        ),
      );
    }
  } finally {
    g.close();
    if (!ended) await c.end();
  }
  return rows;
}
