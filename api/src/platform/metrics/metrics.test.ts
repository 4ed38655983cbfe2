import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, silentLogger, testConfig } from '../../../test/app.ts';
import { createTestDatabase } from '../../../test/database.ts';
import { createApp } from '../../app.ts';
import { systemClock } from '../clock.ts';
import type { Database } from '../db/database.ts';
import { bearerMatches } from './metrics.routes.ts';
import { createMetrics, endpointTemplate } from './metrics.ts';

const TOKEN = 'scrape-token-0123456789';
let database: Database;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe('GET /metrics', () => {
  it('does not exist when METRICS_TOKEN is unset', async () => {
    const app = createTestApp(database);
    const res = await app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });

  it.each([
    ['no header', undefined],
    ['wrong token', `Bearer ${TOKEN}x`],
    ['prefix of the token', `Bearer ${TOKEN.slice(0, 5)}`],
    ['basic scheme', `Basic ${TOKEN}`],
    ['empty bearer', 'Bearer '],
    ['token without scheme', TOKEN],
  ])('401 with %s', async (_, header) => {
    const app = createTestApp(database, { env: { METRICS_TOKEN: TOKEN } });
    const res = await app.request('/metrics', { headers: header ? { authorization: header } : {} });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
  });

  it('serves the Prometheus exposition with the right token', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.webhook.accepted('v2', 'status.updated');
    metrics.webhook.rejected('bad_signature');
    metrics.webhook.rejected('<script>anything</script>');
    metrics.webhook.duplicate();
    metrics.webhook.observe('accepted', 0.012);
    metrics.didit.call({
      method: 'GET',
      endpoint: 'GET /v3/session/{id}/decision/',
      status: 429,
      ms: 40,
      waitedMs: 1500,
    });
    metrics.didit.call({
      method: 'GET',
      endpoint: '/v3/session/3c90c3cc-0d44-4b50-8888-8dd25736052a/decision/',
      status: 'timeout',
      ms: 10_000,
    });
    metrics.jobs.addSource(async () => [
      { kind: 'backfill', ready: 3, running: 1, failed: 0, oldestReadyAgeSeconds: 12.5 },
    ]);
    const wired = createApp({
      config: testConfig({ METRICS_TOKEN: TOKEN }),
      database,
      clock: systemClock,
      logger: silentLogger(),
      metrics,
    });
    const res = await wired.request('/metrics', { headers: { authorization: `bearer  ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('console_webhooks_accepted_total{scheme="v2",webhook_type="status.updated"} 1');
    expect(text).toContain('console_webhooks_rejected_total{reason="bad_signature"} 1');
    expect(text).toContain('console_webhooks_rejected_total{reason="other"} 1');
    expect(text).not.toContain('script');
    expect(text).toContain('console_webhooks_duplicate_total 1');
    expect(text).toContain(
      'console_didit_calls_total{endpoint="GET /v3/session/{id}/decision/",status="429"} 1',
    );
    expect(text).toContain(
      'console_didit_calls_total{endpoint="GET /v3/session/{id}/decision/",status="timeout"} 1',
    );
    expect(text).toContain('console_didit_rate_limited_total{endpoint="GET /v3/session/{id}/decision/"} 1');
    expect(text).toContain('console_didit_limiter_wait_seconds_sum{kind="get"} 1.5');
    expect(text).toContain('console_jobs_backlog{kind="backfill",state="ready"} 3');
    expect(text).toContain('console_jobs_lag_seconds{kind="backfill"} 12.5');
    expect(text).toContain('console_webhook_intake_seconds_bucket{le="0.025",outcome="accepted"} 1');
  });
});

describe('label hygiene', () => {
  it.each([
    ['GET', '/v3/session/3c90c3cc-0d44-4b50-8888-8dd25736052a/decision/', 'GET /v3/session/{id}/decision/'],
    ['get', 'https://verification.didit.me/v3/sessions/?limit=50&offset=100', 'GET /v3/sessions/'],
    ['PATCH', '/v3/session/abc123DEF/update-status/', 'PATCH /v3/session/{id}/update-status/'],
    ['POST', '/v3/session/12345/share/', 'POST /v3/session/{id}/share/'],
    ['<bad>', '/x', 'OTHER /x'],
  ])('%s %s → %s', (method, path, expected) => {
    expect(endpointTemplate(method, path)).toBe(expected);
  });

  it('bearer comparison rejects near misses and accepts the token', () => {
    expect(bearerMatches(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerMatches(undefined, TOKEN)).toBe(false);
    expect(bearerMatches('Bearer', TOKEN)).toBe(false);
    expect(bearerMatches(`Bearer ${TOKEN} extra`, TOKEN)).toBe(false);
  });
});

describe('metrics from several replicas', () => {
  it('labels every series with the replica, and only one replica exports the database-derived gauges', async () => {
    const { AdvisoryLeader } = await import('../db/advisory-leader.ts');
    const { createDatabase } = await import('../db/database.ts');
    const second = database.embedded
      ? database
      : await createDatabase({ url: database.connectionString, poolSize: 2 });
    const reading = async () => [
      { kind: 'fetch_decision', ready: 7, running: 1, failed: 0, oldestReadyAgeSeconds: 3 },
    ];
    const replicas = [
      { name: 'a', db: database },
      { name: 'b', db: second },
    ].map(({ name, db }) => {
      const m = createMetrics({ defaultMetrics: false, replica: `host-${name}:1` });
      const leader = new AdvisoryLeader(db, 'console:metrics:database-gauges:test');
      m.jobs.addSource(reading);
      m.exportDatabaseGaugesWhen(() => leader.isLeader());
      return { m, leader };
    });
    try {
      const bodies = await Promise.all(replicas.map((r) => r.m.render().then((x) => x.body)));
      const backlog = (body: string) =>
        body.split('\n').filter((l) => l.startsWith('console_jobs_backlog{') && l.includes('state="ready"'));
      expect(bodies[0]).toMatch(/console_database_gauges_exporter\{replica="host-a:1"\} [01]/);
      expect(bodies[1]).toMatch(/console_database_gauges_exporter\{replica="host-b:1"\} [01]/);
      // Summed over the replicas, the backlog is the database's, not twice it.
      const lines = bodies.flatMap(backlog);
      if (!database.embedded) {
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(/replica="host-[ab]:1"/);
        expect(lines[0]).toMatch(/ 7$/);
      }
      // The leader goes away (its process dies): the other one takes over at its next scrape.
      const leaderIndex = backlog(bodies[0]!).length === 1 ? 0 : 1;
      await replicas[leaderIndex]!.leader.close();
      if (!database.embedded) {
        const next = await replicas[1 - leaderIndex]!.m.render();
        expect(backlog(next.body)).toHaveLength(1);
      }
    } finally {
      for (const r of replicas) await r.leader.close();
      if (second !== database) await second.close();
    }
  });
});
