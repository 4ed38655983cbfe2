import { signatureHeaders } from '@console/didit/signature';
import { INTAKE_LANES, IntakeBatcher } from 'api/intake-batcher';
import { redactLinksInJson } from 'api/redact-links';
import { autocannonIntake } from './support/autocannon.ts';
import {
  buildCorpus,
  type Corpus,
  eventFor,
  newId,
  type RowValues,
  render,
  type Template,
} from './support/corpus.ts';
import { createMigratedDatabase, dropDatabase, openDatabase } from './support/pg.ts';
import { runPgbench } from './support/pgbench.ts';
import { RawHttpConnection, serializePost } from './support/raw-http.ts';
import { int, ms, percentile, type Row, row } from './support/report.ts';
import {
  auxiliaryCpu,
  BENCH_WEBHOOK_SECRET,
  backendCpu,
  cpuSeconds,
  rssMiB,
  startBenchConsole,
} from './support/server.ts';

/**
 * Part 1, per concurrency c: signed webhooks at full speed over loopback to the real server, from the
 * project's generator (raw keep-alive sockets) and from autocannon; the intake's own SQL path (the same
 * `IntakeBatcher`, lanes and statements the server uses) fed by as many callers without HTTP; and pgbench
 * with c clients doing the least one delivery needs — the ceiling the HTTP figures are compared with.
 */
const DURATION_S = Number(process.env.BENCH_INTAKE_SECONDS ?? 30);
const CONCURRENCY = (process.env.BENCH_INTAKE_CONCURRENCY ?? '16,64').split(',').map(Number);
/**
 * Which passes run (`BENCH_INTAKE_PASSES`, default all but `burst`): `http`, `autocannon`, `sql`, `per-event`,
 * `pgbench`, and `burst` (a fixed amount of work, for CPU per event on a shared machine). The ratios need
 * their passes; a ratio whose pass did not run is left out.
 */
const PASSES = new Set(
  (process.env.BENCH_INTAKE_PASSES ?? 'http,autocannon,sql,per-event,pgbench')
    .split(',')
    .map((s) => s.trim()),
);
/** Bodies are rendered and signed before a pass so the client does not compete with the server for CPU. */
const POOL = Number(process.env.BENCH_INTAKE_POOL ?? Math.min(DURATION_S * 2500, 80_000));

/** What the server runs with: a pool of 10 (DATABASE_URL's default) and the app's intake lanes. */
const SERVER_POOL = 10;
const SERVER_LANES = INTAKE_LANES;

const log = (s: string) => process.stderr.write(`[intake] ${s}\n`);

/** What the Postgres CPU figures include: the writers serve the whole server, other load included. */
const POSTGRES_CPU =
  "Postgres CPU (cores): this database's backends + the server's WAL writer, checkpointer, background writer";

interface Planned {
  t: Template;
  v: RowValues;
}

/** Didit's order for a session: `In Progress` (no decision), then the decision status a few seconds later. */
function plan(corpus: Corpus, n: number, nowS: number, offset: number): Planned[] {
  const out: Planned[] = [];
  for (let k = 0; out.length < n; k++) {
    const t = corpus.pick(k + offset);
    const sid = newId();
    const createdMs = (nowS - 600) * 1000 + k;
    const base = {
      sid,
      num: 1_000_000 + offset + k,
      createdMs,
      vendor: `customer-${offset + k}`,
      seed: offset + k + 1,
    };
    const ip = corpus.inProgress[t.kind === 'user' ? 0 : 1]!;
    out.push({ t: ip, v: { ...base, eid: newId(), ts: nowS - 10 } });
    out.push({ t, v: { ...base, eid: newId(), ts: nowS - 5 } });
  }
  return out.slice(0, n);
}

/**
 * CPU time per event, independent of how busy the shared cores were: what 2 idle cores could sustain is
 * 2,000 ms / (server + Postgres ms per event).
 */
function cpuRow(part: string, metric: string, serverMs: number, postgresMs: number): Row {
  const total = serverMs + postgresMs;
  const parts =
    serverMs > 0 ? `${serverMs.toFixed(2)} + ${postgresMs.toFixed(2)} ms` : `${postgresMs.toFixed(2)} ms`;
  return row(part, metric, `${parts} → ≤ ${int(2000 / total)}/s on 2 idle cores`);
}

interface PassResult {
  events: number;
  errors: number;
  seconds: number;
  latencies: number[];
}

/**
 * Events in each pass's database before it is measured (`BENCH_INTAKE_PRELOAD`, default 2,000: 1,000 sessions'
 * In Progress and decision), then `analyze`: the intake meets a table with rows and statistics, as in a console
 * that has run for a while. On an empty, never-analyzed table the server's prepared batch statement settles on
 * a generic plan that scans `sessions` whole for its `cur` lookup until autovacuum analyzes it, a cost that
 * grows with the pass and that no running console pays.
 */
const PRELOAD = Number(process.env.BENCH_INTAKE_PRELOAD ?? 2000);

/** A migrated database holding `PRELOAD` events, analyzed; returns its URL and how many events it holds. */
async function createIntakeDatabase(
  dbName: string,
  corpus: Corpus,
): Promise<{ url: string; preloaded: number }> {
  const url = await createMigratedDatabase(dbName);
  const database = await openDatabase(url, SERVER_POOL);
  try {
    const now = new Date();
    const nowS = Math.floor(now.getTime() / 1000);
    const events = plan(corpus, PRELOAD, nowS - 3600, 1_000_000_000).map(({ t, v }) =>
      eventFor(t, v, render(t, v), now),
    );
    const batcher = new IntakeBatcher(database, { lanes: SERVER_LANES });
    await Promise.all(events.map((e) => batcher.apply(e, now)));
    await database.pool.query('analyze');
    const { rows } = await database.pool.query<{ n: number }>(
      'select count(*)::int as n from webhook_events',
    );
    return { url, preloaded: rows[0]!.n };
  } finally {
    await database.close();
  }
}

/** `concurrency` workers, each sending one event at a time (`worker` is its index) until the time is up. */
async function runPass(
  concurrency: number,
  count: number,
  send: (i: number, worker: number) => Promise<boolean>,
): Promise<PassResult> {
  let next = 0;
  let errors = 0;
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + DURATION_S * 1000;
  const worker = async (w: number) => {
    for (;;) {
      const i = next++;
      if (i >= count || performance.now() > deadline) return;
      const t0 = performance.now();
      const ok = await send(i, w).catch(() => false);
      latencies.push(performance.now() - t0);
      if (!ok) errors++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { events: latencies.length, errors, seconds, latencies };
}

async function httpPass(corpus: Corpus, concurrency: number, rows: Row[]): Promise<number> {
  const dbName = `bench_intake_http_${concurrency}`;
  const { url, preloaded } = await createIntakeDatabase(dbName, corpus);
  const server = await startBenchConsole(url);
  try {
    const nowS = Math.floor(Date.now() / 1000);
    const planned = plan(corpus, POOL, nowS, concurrency * 10_000_000);
    log(`c=${concurrency}: signing ${int(planned.length)} bodies`);
    const target = new URL('/webhooks/didit', server.url);
    const bodies = planned.map(({ t, v }) => {
      const body = render(t, v);
      return serializePost(
        target,
        { 'Content-Type': 'application/json', ...signatureHeaders(body, BENCH_WEBHOOK_SECRET, v.ts) },
        body,
      );
    });
    planned.length = 0;
    const connections = await Promise.all(
      Array.from({ length: concurrency }, () => RawHttpConnection.open(target.hostname, Number(target.port))),
    );
    const pid = server.child.pid!;
    const cpu0 = cpuSeconds(pid);
    const pgCpu = backendCpu(dbName);
    const auxCpu = auxiliaryCpu();
    let peakRss = 0;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, rssMiB(pid).rss);
    }, 250);
    log(`c=${concurrency}: sending for ${DURATION_S} s`);
    const r = await runPass(
      concurrency,
      bodies.length,
      async (i, worker) => (await connections[worker]!.send(bodies[i]!)) === 200,
    );
    clearInterval(sampler);
    const serverCpu = (cpuSeconds(pid) - cpu0) / r.seconds;
    const backendsCpu = pgCpu() / r.seconds;
    const writersCpu = auxCpu() / r.seconds;
    const postgresCpu = backendsCpu + writersCpu;
    for (const c of connections) c.close();
    const db = await openDatabase(url, 1);
    const { rows: stored } = await db.pool.query<{ n: number }>(
      'select count(*)::int as n from webhook_events',
    );
    await db.close();
    const rate = r.events / r.seconds;
    const p99 = percentile(r.latencies, 99);
    const exhausted = r.events >= bodies.length ? ' (body pool exhausted early)' : '';
    const part = `intake c=${concurrency}`;
    rows.push(
      row(
        part,
        `webhooks/s over HTTP (${int(r.events)} in ${r.seconds.toFixed(1)} s${exhausted})`,
        int(rate),
        '≥ 1,000',
        rate >= 1000,
      ),
      row(
        part,
        'errors (non-200)',
        `${r.errors}; stored ${int(stored[0]!.n - preloaded)} of ${int(r.events - r.errors)} acked`,
        '0',
        r.errors === 0 && stored[0]!.n - preloaded === r.events - r.errors,
      ),
      row(part, 'ack latency p50', ms(percentile(r.latencies, 50))),
      concurrency >= 64
        ? row(part, 'ack latency p99', ms(p99), '≤ 100 ms', p99 <= 100)
        : row(part, 'ack latency p99', ms(p99)),
      row(part, 'server CPU (cores) / peak RSS', `${serverCpu.toFixed(2)} / ${int(peakRss)} MiB`),
      row(
        part,
        POSTGRES_CPU,
        `${postgresCpu.toFixed(2)} (${backendsCpu.toFixed(2)} + ${writersCpu.toFixed(2)})`,
      ),
      cpuRow(
        part,
        'CPU per webhook: server + Postgres',
        (serverCpu * 1000) / rate,
        (postgresCpu * 1000) / rate,
      ),
    );
    return rate;
  } finally {
    await server.stop();
    await dropDatabase(dbName);
  }
}

/**
 * The intake's own SQL path without HTTP: `concurrency` callers handing events straight to an `IntakeBatcher`
 * (the same prepared statements, group commit and lanes as the server, on a pool of the server's size).
 */
async function sqlPass(corpus: Corpus, concurrency: number, rows: Row[], multiRow = true): Promise<number> {
  const dbName = `bench_intake_sql_${concurrency}`;
  const { url } = await createIntakeDatabase(dbName, corpus);
  const database = await openDatabase(url, SERVER_POOL);
  const batcher = new IntakeBatcher(database, { lanes: SERVER_LANES, multiRow });
  const how = multiRow ? 'one statement per batch' : 'one statement per event (before)';
  try {
    const nowS = Math.floor(Date.now() / 1000);
    const planned = plan(corpus, POOL, nowS, concurrency * 10_000_000 + 5_000_000);
    const now = new Date();
    const events = planned.map(({ t, v }) => eventFor(t, v, render(t, v), now));
    planned.length = 0;
    const pgCpu = backendCpu(dbName);
    const auxCpu = auxiliaryCpu();
    log(`c=${concurrency}: SQL ceiling for ${DURATION_S} s`);
    const r = await runPass(concurrency, events.length, async (i) => {
      const result = await batcher.apply(events[i]!, now);
      return result.outcome !== 'failed' && result.outcome !== 'duplicate';
    });
    const backends = pgCpu();
    const writers = auxCpu();
    const cpu = backends + writers;
    const rate = r.events / r.seconds;
    const part = `intake c=${concurrency}`;
    rows.push(
      row(
        part,
        `SQL ceiling, ${how}: the intake's batcher, ${concurrency} callers, no HTTP (events/s; ${int(batcher.stats.transactions)} transactions, ${int(batcher.stats.statements)} statements)`,
        int(rate),
      ),
      row(
        part,
        `SQL ceiling, ${how}: p50 / p99`,
        `${ms(percentile(r.latencies, 50))} / ${ms(percentile(r.latencies, 99))}`,
      ),
      row(part, `SQL ceiling, ${how}: errors`, String(r.errors)),
      row(
        part,
        `SQL ceiling, ${how}: ${POSTGRES_CPU}`,
        `${(cpu / r.seconds).toFixed(2)} (${(backends / r.seconds).toFixed(2)} + ${(writers / r.seconds).toFixed(2)})`,
      ),
      cpuRow(part, `SQL ceiling, ${how}: CPU per event: Postgres`, 0, (cpu * 1000) / r.events),
    );
    return rate;
  } finally {
    await database.close();
    await dropDatabase(dbName);
  }
}

/** The same signed webhooks through autocannon (a standard HTTP load tool) instead of our generator. */
async function autocannonPass(corpus: Corpus, concurrency: number, rows: Row[]): Promise<number> {
  const dbName = `bench_intake_autocannon_${concurrency}`;
  const { url, preloaded } = await createIntakeDatabase(dbName, corpus);
  const server = await startBenchConsole(url);
  try {
    const nowS = Math.floor(Date.now() / 1000);
    const planned = plan(corpus, POOL, nowS, concurrency * 10_000_000 + 7_000_000);
    const requests = planned.map(({ t, v }) => {
      const body = render(t, v);
      return {
        headers: {
          'Content-Type': 'application/json',
          ...signatureHeaders(body, BENCH_WEBHOOK_SECRET, v.ts),
        },
        body,
      };
    });
    planned.length = 0;
    log(`c=${concurrency}: autocannon for ${DURATION_S} s`);
    const r = await autocannonIntake(server.url, requests, concurrency, DURATION_S);
    const db = await openDatabase(url, 1);
    const { rows: stored } = await db.pool.query<{ n: number }>(
      'select count(*)::int as n from webhook_events',
    );
    await db.close();
    const part = `intake c=${concurrency}`;
    rows.push(
      row(
        part,
        `autocannon: webhooks/s acknowledged (${int(r.ok)} in ${r.seconds.toFixed(1)} s${r.exhausted ? ', body pool reused: duplicates' : ''})`,
        int(r.rate),
        '≥ 1,000',
        r.rate >= 1000,
      ),
      row(
        part,
        'autocannon: ack latency p50 / p99; non-2xx, errors; stored',
        `${ms(r.p50)} / ${ms(r.p99)}; ${r.non2xx}, ${r.errors}; ${int(stored[0]!.n - preloaded)}`,
        concurrency >= 64 ? 'p99 ≤ 100 ms, 0, 0' : '0, 0',
        r.non2xx === 0 && r.errors === 0 && (concurrency < 64 || r.p99 <= 100),
      ),
    );
    return r.rate;
  } finally {
    await server.stop();
    await dropDatabase(dbName);
  }
}

/**
 * CPU per event for a fixed amount of work, which holds when other work shares the cores (a rate does not):
 * `BENCH_INTAKE_BURST` events (1,000 sessions' In Progress and decision by default) handed to one
 * `IntakeBatcher` at once, so batches are full and a session's two events share one. Counts the database's
 * backends' CPU and this process's (the batcher's statement building and the pg client: the server's share
 * without HTTP), and the WAL written, per event.
 */
async function burstPass(corpus: Corpus, rows: Row[]): Promise<void> {
  const dbName = 'bench_intake_burst';
  const { url } = await createIntakeDatabase(dbName, corpus);
  const database = await openDatabase(url, SERVER_POOL);
  try {
    const nowS = Math.floor(Date.now() / 1000);
    const now = new Date();
    const toEvents = (planned: Planned[]) => planned.map(({ t, v }) => eventFor(t, v, render(t, v), now));
    const events = toEvents(plan(corpus, Number(process.env.BENCH_INTAKE_BURST ?? 2000), nowS, 9_000_000));
    // Warm-up on the same pool (prepared statements, caches), not counted.
    const warm = new IntakeBatcher(database, { lanes: SERVER_LANES });
    await Promise.all(toEvents(plan(corpus, 200, nowS, 9_500_000)).map((e) => warm.apply(e, now)));
    const wal0 = (await database.pool.query<{ l: string }>('select pg_current_wal_lsn()::text as l')).rows[0]!
      .l;
    const batcher = new IntakeBatcher(database, { lanes: SERVER_LANES });
    const pgCpu = backendCpu(dbName);
    const client0 = process.cpuUsage();
    log(`burst: ${int(events.length)} events`);
    const results = await Promise.all(events.map((e) => batcher.apply(e, now)));
    const client = process.cpuUsage(client0);
    const backends = pgCpu();
    const { rows: wal } = await database.pool.query<{ b: string }>(
      'select pg_wal_lsn_diff(pg_current_wal_lsn(), $1)::text as b',
      [wal0],
    );
    const n = events.length;
    const failed = results.filter((r) => r.outcome === 'failed' || r.outcome === 'duplicate').length;
    const us = (x: number) => `${int(x)} µs`;
    rows.push(
      row(
        'intake burst',
        `${int(n)} events at once: transactions, statements; failed or duplicate`,
        `${int(batcher.stats.transactions)}, ${int(batcher.stats.statements)}; ${failed}`,
        '0',
        failed === 0,
      ),
      row('intake burst', "CPU per event: this database's backends", us((backends * 1e6) / n)),
      row(
        'intake burst',
        'CPU per event: the batcher and pg client (this process)',
        us((client.user + client.system) / n),
      ),
      row('intake burst', 'WAL per event', `${int(Number(wal[0]!.b) / n)} bytes`),
    );
  } finally {
    await database.close();
    await dropDatabase(dbName);
  }
}

/**
 * The ceiling the issue compares with: pgbench, run by the bench in the same run, `concurrency` clients each
 * doing the least one delivery needs (see support/pgbench.ts) in a transaction of its own.
 */
async function pgbenchPass(corpus: Corpus, concurrency: number, rows: Row[]): Promise<number> {
  const dbName = `bench_intake_pgbench_${concurrency}`;
  const { url } = await createIntakeDatabase(dbName, corpus);
  try {
    const t = corpus.templates.find((x) => x.kind === 'user' && render(x, sample).includes('"decision"'))!;
    // What the intake stores: the body without its presigned links.
    const body = redactLinksInJson(render(t, sample));
    log(`c=${concurrency}: pgbench for ${DURATION_S} s`);
    const r = await runPgbench(url, concurrency, DURATION_S, body);
    rows.push(
      row(
        `intake c=${concurrency}`,
        `pgbench ceiling: ${concurrency} clients, one transaction per delivery (insert event, upsert session) tx/s`,
        `${int(r.tps)} (latency avg ${ms(r.latencyMs)})`,
      ),
    );
    return r.tps;
  } finally {
    await dropDatabase(dbName);
  }
}

const sample: RowValues = {
  sid: '00000000-0000-4000-8000-000000000001',
  eid: '00000000-0000-4000-8000-000000000002',
  num: 1,
  ts: 1_700_000_000,
  createdMs: 1_700_000_000_000,
  vendor: 'customer-1',
  seed: 1,
};

export async function benchIntake(): Promise<Row[]> {
  const rows: Row[] = [];
  const corpus = buildCorpus();
  if (PASSES.has('burst')) await burstPass(corpus, rows);
  for (const c of CONCURRENCY) {
    const pass = (name: string, fn: () => Promise<number>) => (PASSES.has(name) ? fn() : Promise.resolve(0));
    const httpRate = await pass('http', () => httpPass(corpus, c, rows));
    const cannonRate = await pass('autocannon', () => autocannonPass(corpus, c, rows));
    const sqlRate = await pass('sql', () => sqlPass(corpus, c, rows));
    // What the multi-row statement buys: the same pass with a statement per event, as before it.
    const perEventRate = await pass('per-event', () => sqlPass(corpus, c, rows, false));
    const pgbenchRate = await pass('pgbench', () => pgbenchPass(corpus, c, rows));
    const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
    if (httpRate && sqlRate)
      rows.push(row(`intake c=${c}`, 'HTTP / SQL ceiling (our batcher, no HTTP)', pct(httpRate / sqlRate)));
    if (sqlRate && perEventRate)
      rows.push(
        row(
          `intake c=${c}`,
          'SQL ceiling: one statement per batch / one per event (what the multi-row statement buys)',
          `${(sqlRate / perEventRate).toFixed(2)}×`,
        ),
      );
    // The target, for each HTTP client against the pgbench ceiling of the same run.
    for (const [client, rate] of [
      ['our generator', httpRate],
      ['autocannon', cannonRate],
    ] as const) {
      if (rate && pgbenchRate)
        rows.push(
          row(
            `intake c=${c}`,
            `HTTP (${client}) / pgbench ceiling, same run`,
            pct(rate / pgbenchRate),
            '≥ 50%',
            rate / pgbenchRate >= 0.5,
          ),
        );
    }
  }
  return rows;
}
