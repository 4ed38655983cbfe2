import { maxInWindow } from '@console/didit/test/windows';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleProcess } from '../support/console.ts';
import { adminOf, type BackfillWorld, checkBackfill, runBackfill } from './support/backfill.ts';
import { envInt, randomSecret, type ScenarioDatabase } from './support/harness.ts';
import { expectBackfillComplete, faultScenario, recordBackfill, SEED } from './support/scenario.ts';

// More sessions than one minute's GET budget, so the run has to wait for the window at least once.
const SESSIONS = envInt('FAULTS_BACKFILL_SESSIONS', 700);
const GET_LIMIT = 600;
const METRICS_TOKEN = 'faults-metrics-token';

const scenario = faultScenario();
let db: ScenarioDatabase;
let world: BackfillWorld;
let server: ConsoleProcess | undefined;

beforeAll(async () => {
  db = await scenario.database('faults_backfill');
  world = await scenario.backfillWorld({ count: SESSIONS, seed: SEED, getPerMinute: GET_LIMIT });
});

describe(`backfill while Didit answers 429, 5xx, hangs and truncates (seed ${SEED})`, () => {
  it('completes, stores every session once at Didit’s status, never exceeds the limit in any 60 s window', async () => {
    const started = Date.now();
    server = await scenario.console({
      databaseUrl: db.url,
      secret: randomSecret(),
      apiKey: world.apiKey,
      diditBaseUrl: world.proxy.url,
      env: { METRICS_TOKEN },
    });
    const admin = await adminOf(server.url, db.url);
    world.sandbox.faults.set({
      status429Rate: 0.03,
      status5xxRate: 0.05,
      hangRate: 0.005,
      truncateRate: 0.03,
      retryAfterSeconds: 2,
    });
    const { start, end } = await runBackfill(server.url, admin);
    expect(start.state).toBe('running');
    world.sandbox.faults.clear();
    const check = await checkBackfill(db.url, world);
    const times = world.proxy.calls.map((c) => c.at);
    const getTimes = world.proxy.calls.filter((c) => c.method === 'GET').map((c) => c.at);
    const peak = maxInWindow(getTimes);
    const answers = new Map<string, number>();
    for (const c of world.proxy.calls)
      answers.set(String(c.status), (answers.get(String(c.status)) ?? 0) + 1);
    const metrics = await fetch(`${server.url}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    }).then((r) => r.text());

    recordBackfill('backfill under Didit faults', {
      events: SESSIONS,
      world,
      check,
      started,
      note: `${times.length} Didit calls, peak ${peak} GETs in any 60 s (limit ${GET_LIMIT}); answers ${[...answers].map(([k, v]) => `${k}×${v}`).join(' ')}`,
    });
    expect(end.state, JSON.stringify(end)).toBe('done');
    expectBackfillComplete(check);
    expect(peak).toBeLessThanOrEqual(GET_LIMIT);
    expect(answers.get('429') ?? 0, 'the injected 429s were met').toBeGreaterThan(0);
    expect(metrics).toMatch(/console_didit_rate_limited_total\{endpoint="[^"]+"[^}]*\} [1-9]/);
  });
});
