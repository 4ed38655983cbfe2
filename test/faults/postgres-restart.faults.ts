import { beforeAll, describe, expect, it } from 'vitest';
import { type BurstOutcome, expectClean, runBurst } from './support/burst.ts';
import {
  envInt,
  freshDatabase,
  randomSecret,
  recordResult,
  type ScenarioDatabase,
} from './support/harness.ts';
import { type PrivatePostgres, startPrivatePostgres, unavailableReason } from './support/private-postgres.ts';
import { faultScenario, type NullDidit, SEED } from './support/scenario.ts';

const SESSIONS = envInt('FAULTS_PG_RESTART_SESSIONS', 500);
const NAME = 'postgres restart mid-burst';
const skip = unavailableReason();

const scenario = faultScenario();
let pgServer: PrivatePostgres | undefined;
let db: ScenarioDatabase;
let didit: NullDidit;
let outcome: BurstOutcome | undefined;

beforeAll(async () => {
  if (skip) {
    console.log(`${NAME}: skipped: ${skip}`);
    recordResult({
      scenario: NAME,
      events: 0,
      acknowledged: 0,
      lost: null,
      doubled: null,
      fiveXx: null,
      forgedAccepted: null,
      fiveXxFails: false,
      ms: 0,
      skipped: skip,
    });
    return;
  }
  // A server of this scenario's own: restarting the shared one would break everyone else's connections.
  pgServer = await startPrivatePostgres();
  scenario.atEnd(() => pgServer?.stop());
  // Not dropped: the whole private server goes.
  db = await freshDatabase('faults_pgrestart', pgServer.url);
  didit = await scenario.nullDidit();
  scenario.atEnd(() => outcome?.current.stop());
});

describe.skipIf(skip !== undefined)(`Postgres restart in the middle of a burst (seed ${SEED})`, () => {
  it('answers 503 while the database is away, never a 2xx without a commit', async () => {
    let restartedAt = 0;
    outcome = await runBurst({
      name: NAME,
      setup: { databaseUrl: db.url, secret: randomSecret(), apiKey: 'fault-key', diditBaseUrl: didit.url },
      sessions: SESSIONS,
      faultAtPercent: envInt('FAULTS_PG_RESTART_AT_PERCENT', 40),
      seed: SEED,
      async fault() {
        restartedAt = Date.now();
        await pgServer!.restart(envInt('FAULTS_PG_DOWN_MS', 2_000));
      },
    });
    expect(restartedAt).toBeGreaterThan(0);
    const answers = outcome.sender.ledger.statusCounts;
    const fiveXx = [...answers].filter(([k]) => /^5\d\d$/.test(k));
    expect(
      fiveXx.map(([k]) => k),
      'the only 5xx is 503',
    ).toEqual(fiveXx.length ? ['503'] : []);
    expect(answers.get('503') ?? 0, 'the outage was seen').toBeGreaterThan(0);
    expect(outcome.current.child.exitCode, 'the server survived the outage').toBeNull();
    expectClean(outcome);
  });
});
