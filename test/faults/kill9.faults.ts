import { beforeAll, describe, expect, it } from 'vitest';
import { type BurstOutcome, expectClean, runBurst } from './support/burst.ts';
import { envInt, randomSecret, type ScenarioDatabase, startFaultConsole } from './support/harness.ts';
import { faultScenario, type NullDidit, SEED } from './support/scenario.ts';

const SESSIONS = envInt('FAULTS_KILL9_SESSIONS', 600);

const scenario = faultScenario();
let db: ScenarioDatabase;
let didit: NullDidit;
let outcome: BurstOutcome | undefined;

beforeAll(async () => {
  db = await scenario.database('faults_kill9');
  didit = await scenario.nullDidit();
  scenario.atEnd(() => outcome?.current.stop());
});

describe(`kill -9 of the server in the middle of a burst (seed ${SEED})`, () => {
  it('loses no acknowledged event, applies each once, ends every session at its newest event', async () => {
    let killed = false;
    outcome = await runBurst({
      name: 'kill -9 mid-burst',
      setup: { databaseUrl: db.url, secret: randomSecret(), apiKey: 'fault-key', diditBaseUrl: didit.url },
      sessions: SESSIONS,
      faultAtPercent: envInt('FAULTS_KILL9_AT_PERCENT', 40),
      seed: SEED,
      async fault(ctx) {
        await ctx.current.stop('SIGKILL');
        killed = true;
        ctx.replace(await startFaultConsole(ctx.setup));
      },
    });
    expect(killed).toBe(true);
    expect(
      outcome.sender.ledger.count((a) => a.outcome === 'network'),
      'some deliveries met the dead server',
    ).toBeGreaterThan(0);
    expectClean(outcome);
  });
});
