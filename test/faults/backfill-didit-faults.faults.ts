import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleProcess } from '../support/console.ts';
import {
  adminOf,
  type BackfillWorld,
  backfillWorld,
  checkBackfill,
  progressOf,
  startBackfill,
  waitForBackfill,
} from './support/backfill.ts';
import { maxInWindow } from './support/didit-proxy.ts';
import {
  envInt,
  freshDatabase,
  randomSecret,
  recordResult,
  type ScenarioDatabase,
  startFaultConsole,
} from './support/harness.ts';

// More sessions than one minute's GET budget, so the run has to wait for the window at least once.
const SESSIONS = envInt('FAULTS_BACKFILL_SESSIONS', 700);
const GET_LIMIT = 600;
const SEED = envInt('FAULTS_SEED', Date.now() % 1_000_000);
const METRICS_TOKEN = 'faults-metrics-token';

let db: ScenarioDatabase;
let world: BackfillWorld;
let server: ConsoleProcess | undefined;

beforeAll(async () => {
  db = await freshDatabase('faults_backfill');
  world = await backfillWorld({ count: SESSIONS, seed: SEED, getPerMinute: GET_LIMIT });
});
afterAll(async () => {
  await server?.stop();
  await world?.close();
  await db?.drop();
});

describe(`backfill while Didit answers 429, 5xx, hangs and truncates (seed ${SEED})`, () => {
  it('completes, stores every session once at Didit’s status, never exceeds the limit in any 60 s window', async () => {
    const started = Date.now();
    server = await startFaultConsole({
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
    const run = await startBackfill(server.url, admin);
    expect(run.state).toBe('running');
    const end = await waitForBackfill(
      () => progressOf(server!.url, admin),
      Date.now() + envInt('FAULTS_BACKFILL_DEADLINE_SECONDS', 420) * 1000,
    );
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

    recordResult({
      scenario: 'backfill under Didit faults',
      events: SESSIONS,
      acknowledged: check.stored - check.unknown.length,
      lost: check.missing.length,
      doubled: check.doubled.length,
      fiveXx: world.proxy.calls.filter((c) => typeof c.status === 'number' && c.status >= 500).length,
      fiveXxFrom: 'didit',
      // No webhooks in this scenario: nothing forged was sent, so nothing is claimed.
      forgedAccepted: null,
      fiveXxFails: false,
      ms: Date.now() - started,
      note: `${times.length} Didit calls, peak ${peak} GETs in any 60 s (limit ${GET_LIMIT}); answers ${[...answers].map(([k, v]) => `${k}×${v}`).join(' ')}`,
    });
    expect(end.state, JSON.stringify(end)).toBe('done');
    expect(check.missing).toEqual([]);
    expect(check.unknown).toEqual([]);
    expect(check.doubled).toEqual([]);
    expect(check.wrongStatus).toEqual([]);
    expect(peak).toBeLessThanOrEqual(GET_LIMIT);
    expect(answers.get('429') ?? 0, 'the injected 429s were met').toBeGreaterThan(0);
    expect(metrics).toMatch(/console_didit_rate_limited_total\{endpoint="[^"]+"[^}]*\} [1-9]/);
  });
});
