import {
  countAmlDispositions,
  countDecisionsPerDay,
  countOpenByStatus,
  countPerReviewer,
  countRecentInReview,
  foldStatusCounts,
  openByStatusQuery,
  windowStart,
} from 'api/dashboard';
import type { Database } from 'api/database';
import { Getter, timeGets } from './support/http.ts';
import { openDatabase } from './support/pg.ts';
import { int, ms, percentile, type Row, row } from './support/report.ts';

/**
 * The dashboard's queries (GET /api/dashboard, api/src/dashboard/dashboard.repository.ts) against the seeded
 * database: each query alone through the app's own repository functions, warm (after a few untimed runs),
 * sequentially, p50/p95; then the whole endpoint over HTTP. Figures only, labelled with the seed size.
 *
 * The seed holds sessions only; the first run adds a review history in proportion (a decision for about a
 * quarter of the finished sessions, by 20 reviewers, answered a few hours after the session began; a
 * disposition for a third of the sessions with AML hits), vacuumed so index-only scans see it.
 */
const N = Number(process.env.BENCH_DASHBOARD_RUNS ?? 60);
const SLA_MS = 24 * 3_600_000;
const DAYS = 30;
const TZ = 'Africa/Nairobi';
const REVIEWERS = 20;
const log = (s: string) => process.stderr.write(`[dashboard] ${s}\n`);

async function ensureReviewHistory(database: Database): Promise<Row[]> {
  const { db, pool } = database;
  const has = await db.selectFrom('review_decisions').select('id').limit(1).executeTakeFirst();
  if (has) return [];
  log('adding a review history to the seed (decisions, AML dispositions)');
  const t0 = performance.now();
  // One query string of three statements: the simple protocol runs it as one transaction.
  await pool.query(`
      insert into users (email, name, roles, created_at, updated_at)
      select 'bench-reviewer-' || g || '@bench.test', 'Bench Reviewer ' || g, array['reviewer'], now(), now()
      from generate_series(1, ${REVIEWERS}) g;

      with r as (
        select id, row_number() over (order by email) - 1 as k from users where email like 'bench-reviewer-%'
      )
      insert into review_decisions (session_id, new_status, comment, previous_status, state, requested_by,
        requested_at, answered_at, didit_http_status)
      select s.session_id, case s.status_key when 'APPROVED' then 'Approved' else 'Declined' end, 'bench',
        'In Review', 'sent', r.id, s.sort_at + interval '2 hours', s.sort_at + interval '2 hours 1 second', 200
      from sessions s
      join r on r.k = abs(hashtext(s.session_id)) % ${REVIEWERS}
      where s.status_key in ('APPROVED', 'DECLINED') and abs(hashtext(s.session_id)) % 4 = 0;

      with r as (
        select id, row_number() over (order by email) - 1 as k from users where email like 'bench-reviewer-%'
      )
      insert into aml_dispositions (action_id, session_id, hit_id, new_status, previous_status, comment, actor_id,
        created_at)
      select gen_random_uuid(), s.session_id, 'hit-1',
        (array['False Positive', 'Confirmed Match', 'Inconclusive'])[1 + abs(hashtext(s.session_id)) % 3],
        'Unreviewed', 'bench', r.id, s.sort_at + interval '1 hour'
      from sessions s
      join r on r.k = abs(hashtext(s.session_id)) % ${REVIEWERS}
      where s.aml_hits > 0 and abs(hashtext(s.session_id || 'aml')) % 3 = 0`);
  await pool.query('vacuum (analyze) review_decisions');
  await pool.query('vacuum (analyze) aml_dispositions');
  await pool.query('vacuum (analyze) sessions');
  const counts = await pool.query<{ d: string; a: string }>(
    'select (select count(*) from review_decisions) as d, (select count(*) from aml_dispositions) as a',
  );
  return [
    row(
      'dashboard',
      'review history added to the seed',
      `${int(Number(counts.rows[0]!.d))} decisions, ${int(Number(counts.rows[0]!.a))} AML dispositions in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    ),
  ];
}

async function timeQuery(run: () => Promise<unknown>, warmup = 5) {
  for (let i = 0; i < warmup; i++) await run();
  const t: number[] = [];
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    await run();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return { p50: percentile(t, 50), p95: percentile(t, 95) };
}

/** The plan's scan nodes, e.g. "Index Only Scan using sessions_open_status_idx". */
async function scans(database: Database, compiled: { sql: string; parameters: readonly unknown[] }) {
  const { rows } = await database.pool.query<{ 'QUERY PLAN': string }>(
    `explain ${compiled.sql}`,
    compiled.parameters as unknown[],
  );
  return [
    ...new Set(
      rows
        .map((r) => r['QUERY PLAN'].trim().replace(/^->\s*/, ''))
        .filter((l) => /Scan/.test(l))
        .map((l) => l.replace(/\s+\(cost.*$/, '').replace(/ on \w+( \w+)?$/, '')),
    ),
  ].join('; ');
}

export async function benchDashboard(
  serverUrl: string,
  cookie: string,
  databaseUrl: string,
  sessions: number,
): Promise<Row[]> {
  const database = await openDatabase(databaseUrl, 2);
  const label = (q: string) => `${q} (${int(sessions)} sessions, warm)`;
  try {
    const rows = await ensureReviewHistory(database);
    const { db } = database;
    const now = new Date();
    const window = await windowStart(db, { now, days: DAYS, tz: TZ });
    // As the dashboard's job leaves it (a row per status and kind, plus the changes since its last run).
    await foldStatusCounts(db);
    const open = await countOpenByStatus(db);
    const openTotal = open.reduce((a, r) => a + Number(r.n), 0);
    const queries: { name: string; run: () => Promise<unknown>; plan?: () => Promise<string> }[] = [
      {
        name: `open cases by status (${int(openTotal)} open, summed count deltas)`,
        run: () => countOpenByStatus(db),
        plan: () => scans(database, openByStatusQuery(db).compile()),
      },
      {
        name: 'In Review younger than the SLA (24 h), and the oldest',
        run: () => countRecentInReview(db, { now, slaMs: SLA_MS }),
      },
      { name: `window start (${DAYS} days, ${TZ})`, run: () => windowStart(db, { now, days: DAYS, tz: TZ }) },
      {
        name: `decisions per day (${DAYS} days)`,
        run: () => countDecisionsPerDay(db, { since: window.since, tz: TZ }),
      },
      { name: `throughput per reviewer (${DAYS} days)`, run: () => countPerReviewer(db, window.since) },
      { name: `AML dispositions (${DAYS} days)`, run: () => countAmlDispositions(db, window.since) },
    ];
    for (const q of queries) {
      log(q.name);
      const t = await timeQuery(q.run);
      const plan = q.plan ? ` · ${await q.plan()}` : '';
      rows.push(
        row(
          'dashboard',
          label(q.name),
          `p50 ${ms(t.p50)} · p95 ${ms(t.p95)}${plan}`,
          'p95 ≤ 50 ms',
          t.p95 <= 50,
        ),
      );
    }
    log('GET /api/dashboard');
    const g = new Getter(serverUrl, cookie);
    const http = await timeGets(g, () => `/api/dashboard?days=${DAYS}&tz=${encodeURIComponent(TZ)}`, N);
    rows.push(
      row(
        'dashboard',
        label(`GET /api/dashboard?days=${DAYS} (every query, HTTP)`),
        `p50 ${ms(http.p50)} · p95 ${ms(http.p95)}${http.errors ? ` · ${http.errors} errors` : ''}`,
        '',
        http.errors === 0 ? null : false,
      ),
    );
    return rows;
  } finally {
    await database.close();
  }
}
