import { expect } from 'vitest';
import type { ConsoleProcess } from '../../support/console.ts';
import { type PlannedEvent, planEvents, seeded, shuffle } from './events.ts';
import { checkForgeries, type ForgeryReport, makeForgeries, sendForgery } from './forgeries.ts';
import {
  auditVerifier,
  type ConsoleSetup,
  envInt,
  recordResult,
  type ScenarioResult,
  startFaultConsole,
} from './harness.ts';
import { checkInvariants, type InvariantReport } from './invariants.ts';
import { LedgeredSender } from './ledger.ts';

interface BurstContext {
  /** The running console; a fault may replace it (restart). */
  current: ConsoleProcess;
  setup: ConsoleSetup;
  /** Point the sender (and the checker's API calls) at a new process. */
  replace(next: ConsoleProcess): void;
  sender: LedgeredSender;
}

interface BurstScenario {
  name: string;
  setup: ConsoleSetup;
  sessions: number;
  /** When, as a share of first attempts, the fault strikes. */
  faultAtPercent: number;
  fault: (ctx: BurstContext) => Promise<void>;
  seed: number;
  concurrency?: number;
  /** Events to deliver, if not the default plan (e.g. Simple-signed ones that make jobs). */
  plan?: (rnd: () => number) => PlannedEvent[];
}

export interface BurstOutcome {
  report: InvariantReport;
  forgeries: ForgeryReport;
  sender: LedgeredSender;
  current: ConsoleProcess;
  result: ScenarioResult;
}

/**
 * A burst of every session's events, with duplicates (Didit reuses `event_id` across retries and fan-out)
 * in shuffled order; the fault strikes part-way; the sender keeps retrying on Didit's (compressed) schedule
 * until everything is acknowledged or the replay window closes. Then the invariants are checked.
 */
export async function runBurst(s: BurstScenario): Promise<BurstOutcome> {
  const started = Date.now();
  const rnd = seeded(s.seed);
  let current = await startFaultConsole(s.setup);
  let url = current.url;
  const events =
    s.plan?.(rnd) ??
    planEvents({ sessions: s.sessions, startSeconds: Math.floor(Date.now() / 1000), random: rnd });
  const dupPercent = envInt('FAULTS_DUPLICATE_PERCENT', 15);
  const duplicates = events.filter(() => rnd() * 100 < dupPercent);
  const deliveries = shuffle([...events, ...duplicates], rnd);
  const sender = new LedgeredSender({
    target: () => url,
    secret: s.setup.secret,
    concurrency: s.concurrency ?? 16,
    retryDelaysMs: [1_000, 4_000],
    replayUntilMs: Date.now() + envInt('FAULTS_REPLAY_SECONDS', 150) * 1000,
  });
  const ctx: BurstContext = {
    get current() {
      return current;
    },
    setup: s.setup,
    replace(next) {
      current = next;
      url = next.url;
    },
    sender,
  };
  const faultAt = Math.max(1, Math.floor((deliveries.length * s.faultAtPercent) / 100));
  // Forged webhooks spread through the burst, before, during and after the fault.
  const forged = makeForgeries(s.setup.secret, envInt('FAULTS_FORGED', 40), rnd);
  const forgeEvery = Math.max(1, Math.floor(deliveries.length / (forged.length + 1)));
  const forging: Promise<void>[] = [];
  let fault: Promise<void> | undefined;
  await sender.burst(deliveries, (n) => {
    if (n === faultAt && !fault) fault = s.fault(ctx);
    const f = n % forgeEvery === 0 ? forged[n / forgeEvery - 1] : undefined;
    if (f) forging.push(sendForgery(url, f));
  });
  await fault;
  await Promise.all(forging);
  // Any forgery not sent yet (a short burst) or that met no server (the fault) goes again now.
  await Promise.all(forged.filter((f) => typeof f.answer !== 'number').map((f) => sendForgery(url, f)));
  if (current.child.exitCode !== null || current.child.signalCode !== null) {
    const tail = current.logs().split('\n').slice(-40).join('\n');
    throw new Error(
      `the console process died (exit ${current.child.exitCode ?? current.child.signalCode}):\n${tail}`,
    );
  }

  const report = await checkInvariants(s.setup.databaseUrl, sender.ledger, {
    auditVerify: auditVerifier(() => url, s.setup.databaseUrl),
  });
  const forgeries = await checkForgeries(s.setup.databaseUrl, forged);
  const result: ScenarioResult = {
    scenario: s.name,
    events: report.events,
    acknowledged: report.acknowledged,
    lost: report.lost.length,
    doubled: report.doubled.length,
    fiveXx: sender.ledger.count((a) => typeof a.outcome === 'number' && a.outcome >= 500),
    forgedAccepted: forgeries.accepted.length,
    forgedSent: forgeries.answered,
    fiveXxFails: false,
    ms: Date.now() - started,
    note: `${deliveries.length} deliveries (${duplicates.length} duplicates), fault after ${faultAt}; answers ${[
      ...sender.ledger.statusCounts,
    ]
      .map(([k, v]) => `${k}×${v}`)
      .join(' ')}`,
  };
  recordResult(result);
  return { report, forgeries, sender, current, result };
}

/** The invariants every burst scenario must end with. */
export function expectClean({ report, forgeries, sender }: BurstOutcome): void {
  expect(forgeries.total, 'forged webhooks were made').toBeGreaterThan(0);
  expect(forgeries.answered, 'every forged webhook was sent and answered').toBe(forgeries.total);
  expect(
    forgeries.accepted.map((f) => `${f.kind}: ${f.answer}`),
    'forged webhooks answered 2xx or stored',
  ).toEqual([]);
  expect(report.lost, 'acknowledged but not stored').toEqual([]);
  expect(report.doubled, 'applied more than once').toEqual([]);
  expect(report.unsent, 'stored but never sent').toEqual([]);
  expect(report.wrongState, "sessions not at their newest event's state").toEqual([]);
  expect(sender.ledger.wronglyRejected, 'valid deliveries refused with a 4xx').toEqual([]);
  expect(report.acknowledged, 'every event eventually acknowledged').toBe(report.events);
  expect(report.auditOk, 'audit chain verifies').toBe(true);
}
