import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleProcess } from '../support/console.ts';
import { planEvents, seeded, shuffle } from './support/events.ts';
import {
  auditVerifier,
  envInt,
  freshDatabase,
  randomSecret,
  recordResult,
  type ScenarioDatabase,
  startFaultConsole,
  startNullDidit,
} from './support/harness.ts';
import { checkInvariants } from './support/invariants.ts';
import { LedgeredSender } from './support/ledger.ts';

const SESSIONS = envInt('FAULTS_KILL9_SESSIONS', 600);
const DUPLICATE_PERCENT = envInt('FAULTS_DUPLICATE_PERCENT', 15);
const KILL_AT_PERCENT = envInt('FAULTS_KILL9_AT_PERCENT', 40);
const SEED = envInt('FAULTS_SEED', Date.now() % 1_000_000);

let db: ScenarioDatabase;
let didit: Awaited<ReturnType<typeof startNullDidit>>;
let current: ConsoleProcess | undefined;

beforeAll(async () => {
  db = await freshDatabase('faults_kill9');
  didit = await startNullDidit();
});
afterAll(async () => {
  await current?.stop();
  await didit?.close();
  await db?.drop();
});

describe(`kill -9 in the middle of a burst (seed ${SEED})`, () => {
  it('loses no acknowledged event, applies each once, ends every session at its newest event', async () => {
    const started = Date.now();
    const rnd = seeded(SEED);
    const secret = randomSecret();
    const setup = { databaseUrl: db.url, secret, apiKey: 'fault-key', diditBaseUrl: didit.url };
    current = await startFaultConsole(setup);
    let url = current.url;

    const events = planEvents({
      sessions: SESSIONS,
      startSeconds: Math.floor(Date.now() / 1000),
      random: rnd,
    });
    const duplicates = events.filter(() => rnd() * 100 < DUPLICATE_PERCENT);
    const deliveries = shuffle([...events, ...duplicates], rnd);
    const sender = new LedgeredSender({
      target: () => url,
      secret,
      concurrency: 16,
      retryDelaysMs: [1_000, 4_000],
      replayUntilMs: Date.now() + 150_000,
    });

    const killAt = Math.floor((deliveries.length * KILL_AT_PERCENT) / 100);
    let restarted: Promise<void> | undefined;
    const burst = sender.burst(deliveries, (n) => {
      if (n !== killAt || restarted) return;
      const victim = current!;
      restarted = (async () => {
        await victim.stop('SIGKILL');
        current = await startFaultConsole(setup);
        url = current.url;
      })();
    });
    await burst;
    await restarted;

    const report = await checkInvariants(db.url, sender.ledger, {
      auditVerify: auditVerifier(() => url, db.url),
    });
    const fiveXx = sender.ledger.count((a) => typeof a.outcome === 'number' && a.outcome >= 500);
    recordResult({
      scenario: 'kill -9 mid-burst',
      events: report.events,
      acknowledged: report.acknowledged,
      lost: report.lost.length,
      doubled: report.doubled.length,
      fiveXx,
      forgedAccepted: 0,
      fiveXxFails: false,
      ms: Date.now() - started,
      note: `${deliveries.length} deliveries, killed after ${killAt}`,
    });
    expect(restarted, 'the kill happened').toBeDefined();
    expect(
      sender.ledger.count((a) => a.outcome === 'network'),
      'some deliveries met the dead server',
    ).toBeGreaterThan(0);
    expect(report.lost).toEqual([]);
    expect(report.doubled).toEqual([]);
    expect(report.unsent).toEqual([]);
    expect(report.wrongState).toEqual([]);
    expect(sender.ledger.wronglyRejected).toEqual([]);
    expect(report.acknowledged, 'every event is eventually acknowledged').toBe(report.events);
    expect(report.auditOk).toBe(true);
  });
});
