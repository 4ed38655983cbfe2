import { describe, expect, it } from 'vitest';
import { type BurstOutcome, expectClean, runBurst } from './support/burst.ts';
import { envInt, randomSecret, startFaultConsole } from './support/harness.ts';
import { burstScenario, SEED } from './support/scenario.ts';

const SESSIONS = envInt('FAULTS_KILL9_SESSIONS', 600);

let outcome: BurstOutcome | undefined;
const world = burstScenario('faults_kill9', () => outcome);

describe(`kill -9 of the server in the middle of a burst (seed ${SEED})`, () => {
  it('loses no acknowledged event, applies each once, ends every session at its newest event', async () => {
    let killed = false;
    outcome = await runBurst({
      name: 'kill -9 mid-burst',
      setup: {
        databaseUrl: world.db.url,
        secret: randomSecret(),
        apiKey: 'fault-key',
        diditBaseUrl: world.didit.url,
      },
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
