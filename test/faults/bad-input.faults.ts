import { verifyWebhook, type WebhookHeaders } from '@console/didit/signature';
import { createDatabase } from 'api/database';
import { entityEventFromWebhook } from 'api/entity-event';
import { eventFromWebhook } from 'api/event-input';
import fc from 'fast-check';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../api/test/auth.ts';
import type { ConsoleProcess } from '../support/console.ts';
import { type ApiCase, apiCases, routesFrom } from './support/api-input.ts';
import { oversizedCase, sendCase, sha256, type WebhookCase, webhookCases } from './support/bad-input.ts';
import { envInt, randomSecret, recordResult, type ScenarioDatabase } from './support/harness.ts';
import { pool, sampleRss } from './support/process.ts';
import { faultScenario, type NullDidit, SEED } from './support/scenario.ts';

const RUNS = envInt('FAULTS_BAD_INPUT_RUNS', 10_000);
const API_RUNS = envInt('FAULTS_API_INPUT_RUNS', 3_000);
const OVERSIZED = envInt('FAULTS_OVERSIZED_RUNS', 40);
const RSS_BUDGET_MIB = envInt('FAULTS_RSS_BUDGET_MIB', 300);
const METRICS_TOKEN = 'faults-metrics-token';

const scenario = faultScenario();
let db: ScenarioDatabase;
let didit: NullDidit;
let server: ConsoleProcess;
const secret = randomSecret();

beforeAll(async () => {
  db = await scenario.database('faults_bad');
  didit = await scenario.nullDidit();
  server = await scenario.console({
    databaseUrl: db.url,
    secret,
    apiKey: 'fault-key',
    diditBaseUrl: didit.url,
    env: { METRICS_TOKEN },
  });
});

/**
 * The event key the console files an authentic delivery under (its own derivation: event_id, else session,
 * type and time, else the body's hash), so "lost" is counted per event and a legitimate duplicate is not.
 */
function eventKeyOf(c: WebhookCase, nowS: number): string | undefined {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(c.headers)) headers[k.toLowerCase()] = v.trim();
  const v = verifyWebhook(c.body, headers as WebhookHeaders, secret, nowS);
  if (!v.ok) return undefined;
  const received = { headerTimestamp: Number(headers['x-timestamp']), receivedAt: new Date(nowS * 1000) };
  // `user.*` and `business.*` are Didit entity events, filed in entity_events under the entity intake's key.
  const entity = entityEventFromWebhook({ raw: c.body, body: v.body, scheme: v.scheme, ...received });
  if (entity) return entity.eventKey;
  return eventFromWebhook({ raw: c.body, scheme: v.scheme, body: v.body, text: v.text, ...received })
    .eventKey;
}

interface Tally {
  requests: number;
  authentic: number;
  forgedAccepted: WebhookCase[];
  fiveXx: Array<{ c: WebhookCase; status: number }>;
  connectionErrors: WebhookCase[];
  /** Authentic deliveries answered with something other than 200 (or 413 when too large). */
  authenticRefused: Array<{ c: WebhookCase; status: number | 'error' }>;
  byKind: Map<string, Map<string, number>>;
}

describe(`webhook intake under property-generated bad input (seed ${SEED})`, () => {
  it(`${RUNS} requests: zero forged accepted, zero 5xx, alive, memory bounded`, async () => {
    const started = Date.now();
    const t: Tally = {
      requests: 0,
      authentic: 0,
      forgedAccepted: [],
      fiveXx: [],
      connectionErrors: [],
      authenticRefused: [],
      byKind: new Map(),
    };
    const authenticBodies = new Set<string>();
    /** Event keys of authentic deliveries the console answered 200: each must be stored exactly once. */
    const acknowledgedKeys = new Set<string>();
    const unkeyed: WebhookCase[] = [];
    const pid = server.child.pid!;
    const rss = sampleRss(pid);

    const run = async (c: WebhookCase) => {
      if (c.authentic) authenticBodies.add(sha256(c.body));
      const status = await sendCase(server.url, c);
      t.requests++;
      if (c.authentic && status === 200) {
        const key = eventKeyOf(c, Math.floor(Date.now() / 1000));
        if (key) acknowledgedKeys.add(key);
        else unkeyed.push(c);
      }
      if (c.authentic) t.authentic++;
      const k = t.byKind.get(c.kind) ?? new Map<string, number>();
      k.set(String(status), (k.get(String(status)) ?? 0) + 1);
      t.byKind.set(c.kind, k);
      if (status === 'error') t.connectionErrors.push(c);
      else if (status >= 500) t.fiveXx.push({ c, status });
      else if (!c.authentic && status >= 200 && status < 300) t.forgedAccepted.push(c);
      else if (
        c.authentic &&
        !(
          status === 200 ||
          (c.kind.startsWith('oversized') && status === 413) ||
          (c.kind === 'authentic:not-a-json-object' && status === 400)
        )
      )
        t.authenticRefused.push({ c, status });
    };

    // Batches so every batch is generated against the current time (the ±300 s window moves on).
    const BATCH = 1_000;
    for (let done = 0, batch = 0; done < RUNS; done += BATCH, batch++) {
      const n = Math.min(BATCH, RUNS - done);
      const cases = fc.sample(webhookCases(secret, Math.floor(Date.now() / 1000)), {
        numRuns: n,
        seed: SEED + batch,
      });
      await pool(cases, 8, run);
    }
    const nowS = Math.floor(Date.now() / 1000);
    const big = Array.from({ length: OVERSIZED }, (_, i) =>
      oversizedCase(secret, nowS, 1024 * 1024 + 1 + i * 4096, i % 2 === 1),
    );
    await pool(big, 4, run);
    const mem = rss.stop();

    // Nothing stored that was not authentic: every stored raw body was one we signed with the secret.
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const stored = (
      await client.query<{ raw_body: Buffer; source: string }>(
        'select raw_body, source from webhook_events union all select raw_body, source from entity_events',
      )
    ).rows;
    const keys = new Map(
      (
        await client.query<{ event_key: string; n: number }>(
          `select event_key, count(*)::int as n from (
             select event_key from webhook_events where source = 'webhook'
             union all select event_key from entity_events where source = 'webhook'
           ) e group by 1`,
        )
      ).rows.map((r) => [r.event_key, r.n]),
    );
    await client.end();
    const lost = [...acknowledgedKeys].filter((k) => !keys.has(k));
    const doubled = [...keys].filter(([, n]) => n > 1).map(([k]) => k);
    const forgedStored = stored.filter(
      (r) => r.source === 'webhook' && !authenticBodies.has(sha256(r.raw_body)),
    );

    const health = await fetch(`${server.url}/healthz`)
      .then((r) => r.status)
      .catch(() => 0);
    const metrics = await fetch(`${server.url}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    }).then((r) => r.text());

    const table = [...t.byKind].map(
      ([kind, m]) => `${kind.padEnd(34)} ${[...m].map(([s, n]) => `${s}×${n}`).join(' ')}`,
    );
    console.log(
      `bad input by kind:\n${table.sort().join('\n')}\nRSS MiB first ${mem.first.toFixed(0)} peak ${mem.peak.toFixed(0)} last ${mem.last.toFixed(0)}`,
    );

    recordResult({
      scenario: 'bad input: webhook',
      events: t.requests,
      acknowledged: t.requests - t.connectionErrors.length,
      lost: lost.length,
      doubled: doubled.length,
      fiveXx: t.fiveXx.length,
      forgedAccepted: t.forgedAccepted.length + forgedStored.length,
      forgedSent: t.requests - t.authentic,
      fiveXxFails: true,
      ms: Date.now() - started,
      note: `${t.authentic} authentic (${acknowledgedKeys.size} distinct events acknowledged), RSS peak ${mem.peak.toFixed(0)} MiB (start ${mem.first.toFixed(0)})`,
    });

    const show = (cs: Array<WebhookCase | { c: WebhookCase }>) =>
      cs.slice(0, 5).map((x) => {
        const c = 'c' in x ? x.c : x;
        return {
          kind: c.kind,
          headers: c.headers,
          body: c.body.subarray(0, 200).toString('utf8'),
          ...('status' in x ? { status: (x as { status: unknown }).status } : {}),
        };
      });
    expect(t.requests).toBe(RUNS + OVERSIZED);
    expect(show(t.forgedAccepted)).toEqual([]);
    expect(forgedStored.length).toBe(0);
    expect(unkeyed.length, 'every acknowledged authentic delivery verifies here too').toBe(0);
    expect(acknowledgedKeys.size, 'authentic deliveries were acknowledged').toBeGreaterThan(0);
    expect(lost.slice(0, 5), 'acknowledged but not stored').toEqual([]);
    expect(doubled.slice(0, 5), 'stored more than once').toEqual([]);
    expect(show(t.fiveXx)).toEqual([]);
    expect(show(t.connectionErrors)).toEqual([]);
    expect(show(t.authenticRefused)).toEqual([]);
    expect(server.child.exitCode).toBeNull();
    expect(health).toBe(200);
    expect(mem.peak - mem.first).toBeLessThan(RSS_BUDGET_MIB);
    expect(metrics).toMatch(/console_webhooks_rejected_total\{reason="bad_signature"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/console_webhooks_rejected_total\{reason="too_large"[^}]*\} [1-9]/);
  });
});

describe(`console API under property-generated bad input (seed ${SEED})`, () => {
  it(`${API_RUNS} requests over every route in the OpenAPI document: zero 5xx, alive`, async () => {
    const started = Date.now();
    const database = await createDatabase({ url: db.url, poolSize: 1 });
    const app = {
      request: (p: string, init?: RequestInit) =>
        fetch(`${server.url}${p}`, { ...init, headers: { origin: server.url, ...(init?.headers ?? {}) } }),
    };
    // Every role at once, with the second factor admins need outside sandbox mode: no route is out of reach.
    const user = await loginAs(app as never, database, ['admin', 'reviewer', 'partner_manager', 'auditor'], {
      totp: true,
      headers: { origin: server.url },
    });
    const ids = (
      await database.pool.query<{ session_id: string }>(
        'select session_id from sessions order by random() limit 50',
      )
    ).rows.map((r) => r.session_id);
    await database.close();
    const doc = await fetch(`${server.url}/api/openapi.json`, { headers: user.headers }).then((r) =>
      r.json(),
    );
    const routes = routesFrom(doc as never);
    const rss = sampleRss(server.child.pid!);

    const fiveXx: Array<{ c: ApiCase; status: number; body: string }> = [];
    const errors: ApiCase[] = [];
    const stalls: string[] = [];
    const byRoute = new Map<string, Map<string, number>>();
    let requests = 0;
    const cases = fc.sample(apiCases(routes, ids), { numRuns: API_RUNS, seed: SEED });
    await pool(cases, 6, async (c) => {
      let status: number | 'error';
      let text = '';
      try {
        const res = await fetch(`${server.url}${c.url}`, {
          method: c.method,
          headers: {
            ...user.headers,
            origin: server.url,
            ...(c.body !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          ...(c.body !== undefined ? { body: c.body } : {}),
          signal: AbortSignal.timeout(15_000),
        });
        status = res.status;
        text = await res.text();
      } catch {
        status = 'error';
        // What the server was doing when a request got no answer: is its event loop free (/healthz), and
        // what are its Postgres connections waiting on? Printed with the failure.
        stalls.push(`${c.method} ${c.url}: ${await stallSnapshot(server.url, db.url)}`);
      }
      requests++;
      const m = byRoute.get(c.route) ?? new Map<string, number>();
      m.set(String(status), (m.get(String(status)) ?? 0) + 1);
      byRoute.set(c.route, m);
      if (status === 'error') errors.push(c);
      else if (status >= 500) fiveXx.push({ c, status, body: text.slice(0, 300) });
    });
    const mem = rss.stop();
    const health = await fetch(`${server.url}/healthz`)
      .then((r) => r.status)
      .catch(() => 0);
    const still = await fetch(`${server.url}/api/auth/me`, { headers: user.headers }).then((r) => r.status);
    console.log(
      `console API by route:\n${[...byRoute]
        .sort()
        .map(([r, m]) => `${r.padEnd(48)} ${[...m].map(([s, n]) => `${s}×${n}`).join(' ')}`)
        .join('\n')}`,
    );
    recordResult({
      scenario: 'bad input: console API',
      events: requests,
      acknowledged: requests - errors.length,
      // Fuzzed API calls store no events and forge nothing: those columns are not measured here.
      lost: null,
      doubled: null,
      fiveXx: fiveXx.length,
      forgedAccepted: null,
      fiveXxFails: true,
      ms: Date.now() - started,
      note: `${routes.length} routes, RSS peak ${mem.peak.toFixed(0)} MiB (start ${mem.first.toFixed(0)})`,
    });
    expect(requests).toBe(API_RUNS);
    expect(fiveXx.slice(0, 5)).toEqual([]);
    expect(errors.slice(0, 5), stalls.slice(0, 3).join('\n')).toEqual([]);
    expect(health).toBe(200);
    expect(still, 'the fuzzing user is still signed in (no route was skipped for it)').toBe(200);
    expect(mem.peak - mem.first).toBeLessThan(RSS_BUDGET_MIB);
  });
});

/** The server's liveness and its database sessions at one instant, for a request that got no answer. */
async function stallSnapshot(serverUrl: string, databaseUrl: string): Promise<string> {
  const t0 = Date.now();
  const health = await fetch(`${serverUrl}/healthz`, { signal: AbortSignal.timeout(3_000) })
    .then((r) => `${r.status} in ${Date.now() - t0} ms`)
    .catch(() => `no answer in ${Date.now() - t0} ms`);
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    const { rows } = await client.query<{ line: string }>(
      `select concat_ws(' ', state, wait_event_type, wait_event,
         round(extract(epoch from clock_timestamp() - query_start))::text || 's:', left(query, 120)) as line
       from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()
         and state <> 'idle'`,
    );
    return `healthz ${health}; busy connections: ${rows.map((r) => r.line).join(' | ') || 'none'}`;
  } catch (err) {
    return `healthz ${health}; pg_stat_activity unreadable: ${(err as Error).message}`;
  } finally {
    await client.end().catch(() => {});
  }
}
