import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminOf, type BackfillWorld, checkBackfill, runBackfill } from './support/backfill.ts';
import { envInt, randomSecret, type ScenarioDatabase } from './support/harness.ts';
import { expectBackfillComplete, faultScenario, recordBackfill, SEED } from './support/scenario.ts';

const SESSIONS = envInt('FAULTS_WORKER_KILL_SESSIONS', 400);
/** The job worker's lease (api/src/platform/jobs/worker.ts default) and how much later than it a takeover may come. */
const LEASE_MS = 30_000;
const SLACK_MS = 10_000;

const scenario = faultScenario();
let db: ScenarioDatabase;
let world: BackfillWorld;

beforeAll(async () => {
  db = await scenario.database('faults_workerkill');
  // Latency in front of the sandbox stretches the backfill so the kill lands in the middle of it.
  world = await scenario.backfillWorld({
    count: SESSIONS,
    seed: SEED,
    latencyMs: envInt('FAULTS_DIDIT_LATENCY_MS', 150),
  });
});

async function holder(databaseUrl: string): Promise<string | null> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const r = await c.query<{ locked_by: string | null }>(
      `select locked_by from jobs where kind like '%backfill%' and state = 'running' limit 1`,
    );
    return r.rows[0]?.locked_by ?? null;
  } finally {
    await c.end();
  }
}

describe(`a job worker killed mid-job (seed ${SEED})`, () => {
  it('another process takes the backfill over within its lease and completes it, nothing twice', async () => {
    const started = Date.now();
    const setup = {
      databaseUrl: db.url,
      secret: randomSecret(),
      apiKey: world.apiKey,
      diditBaseUrl: world.proxy.url,
    };
    const servers = [await scenario.console(setup), await scenario.console(setup)];
    const admin = await adminOf(servers[0]!.url, db.url);
    let killedAt = 0;
    let victimPid = 0;
    let takenOverAt = 0;
    const survivor = () => servers.find((s) => s.child.pid !== victimPid)!;
    const { end } = await runBackfill(servers[0]!.url, admin, {
      progressUrl: () => survivor().url,
      onTick: async (p) => {
        const lockedBy = await holder(db.url);
        const pid = lockedBy ? Number(lockedBy.split(':')[1]) : 0;
        if (!killedAt && p.done >= SESSIONS * 0.3 && pid) {
          const victim = servers.find((s) => s.child.pid === pid);
          if (!victim) throw new Error(`backfill held by an unknown worker ${lockedBy}`);
          victimPid = pid;
          await victim.stop('SIGKILL');
          killedAt = Date.now();
        } else if (killedAt && !takenOverAt && pid && pid !== victimPid) {
          takenOverAt = Date.now();
        }
      },
    });
    const check = await checkBackfill(db.url, world);
    // Observed (the other process seen holding the job), never inferred: an unseen takeover fails below.
    const takeoverMs = takenOverAt ? takenOverAt - killedAt : undefined;
    recordBackfill('job worker killed mid-job', {
      events: SESSIONS,
      world,
      check,
      started,
      note: `killed pid ${victimPid} at ${killedAt ? 'mid-run' : 'never'}; ${
        takeoverMs === undefined
          ? 'the takeover was never observed'
          : `the other process took over after ${(takeoverMs / 1000).toFixed(1)} s`
      } (lease ${LEASE_MS / 1000} s)`,
    });
    expect(killedAt, 'the kill happened mid-job').toBeGreaterThan(0);
    expect(end.state, JSON.stringify(end)).toBe('done');
    expect(takenOverAt, 'the other process was seen holding the job after the kill').toBeGreaterThan(0);
    expect(takeoverMs).toBeGreaterThan(0);
    expect(takeoverMs).toBeLessThan(LEASE_MS + SLACK_MS);
    expectBackfillComplete(check);
  });
});
