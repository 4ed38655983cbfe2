import { afterAll, beforeAll, expect } from 'vitest';
import type { ConsoleProcess } from '../../support/console.ts';
import { type BackfillWorld, backfillWorld, type checkBackfill } from './backfill.ts';
import type { BurstOutcome } from './burst.ts';
import {
  type ConsoleSetup,
  envInt,
  freshDatabase,
  recordResult,
  type ScenarioDatabase,
  startFaultConsole,
  startNullDidit,
} from './harness.ts';

/** The seed of every generator in a scenario file: FAULTS_SEED to replay a run, else a new one per run. */
export const SEED = envInt('FAULTS_SEED', Date.now() % 1_000_000);

export type NullDidit = Awaited<ReturnType<typeof startNullDidit>>;

/**
 * What a fault scenario starts (its database, a stand-in Didit, console processes, a sandbox world),
 * released after the file's tests in the reverse order it was taken: the consoles stop before the database
 * they write to is dropped. Call once at the top of the scenario file.
 */
export function faultScenario() {
  const releases: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const release of releases.splice(0).reverse()) await release();
  });
  const own = <T>(value: T, release: (v: T) => Promise<unknown>): T => {
    releases.push(() => release(value));
    return value;
  };
  return {
    /** Runs `release` after the tests (for what a scenario only knows later, such as a burst's console). */
    atEnd(release: () => Promise<unknown> | undefined) {
      releases.push(async () => release());
    },
    /** A database of the scenario's own, dropped after (unless FAULTS_KEEP_DATABASES=1). */
    async database(prefix: string, server?: string): Promise<ScenarioDatabase> {
      return own(await freshDatabase(prefix, server), (d) => d.drop());
    },
    /** The Didit that knows no session (`startNullDidit`). */
    async nullDidit(): Promise<NullDidit> {
      return own(await startNullDidit(), (d) => d.close());
    },
    /** The real server outside sandbox mode (`startFaultConsole`), stopped after. */
    async console(setup: ConsoleSetup): Promise<ConsoleProcess> {
      return own(await startFaultConsole(setup), (c) => c.stop());
    },
    /** A sandbox holding the sessions to backfill, behind a recording proxy (`backfillWorld`). */
    async backfillWorld(opts: Parameters<typeof backfillWorld>[0]): Promise<BackfillWorld> {
      return own(await backfillWorld(opts), (w) => w.close());
    },
  };
}

/**
 * A burst scenario's setup: its database and the Didit that knows no session, made before the tests, and
 * the burst's last console (`outcome()`, once the burst ran) stopped after them.
 */
export function burstScenario(databasePrefix: string, outcome: () => BurstOutcome | undefined) {
  const scenario = faultScenario();
  const world = {} as { db: ScenarioDatabase; didit: NullDidit };
  beforeAll(async () => {
    world.db = await scenario.database(databasePrefix);
    world.didit = await scenario.nullDidit();
    scenario.atEnd(() => outcome()?.current.stop());
  });
  return world;
}

type BackfillCheck = Awaited<ReturnType<typeof checkBackfill>>;

/** The summary line of a backfill scenario: what the console stored against what Didit holds. */
export function recordBackfill(
  scenario: string,
  {
    events,
    world,
    check,
    started,
    note,
  }: { events: number; world: BackfillWorld; check: BackfillCheck; started: number; note: string },
): void {
  recordResult({
    scenario,
    events,
    acknowledged: check.stored - check.unknown.length,
    lost: check.missing.length,
    doubled: check.doubled.length,
    fiveXx: world.proxy.calls.filter((c) => typeof c.status === 'number' && c.status >= 500).length,
    fiveXxFrom: 'didit',
    // No webhooks in a backfill scenario: nothing forged was sent, so nothing is claimed.
    forgedAccepted: null,
    fiveXxFails: false,
    ms: Date.now() - started,
    note,
  });
}

/** Every session of Didit's stored once, none unknown, each at Didit's status. */
export function expectBackfillComplete(check: BackfillCheck): void {
  expect(check.missing).toEqual([]);
  expect(check.unknown).toEqual([]);
  expect(check.doubled).toEqual([]);
  expect(check.wrongStatus).toEqual([]);
}
