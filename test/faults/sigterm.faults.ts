import net from 'node:net';
import { signatureHeaders } from '@console/didit/signature';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { type BurstOutcome, expectClean, runBurst } from './support/burst.ts';
import { type PlannedEvent, planEvents } from './support/events.ts';
import { envInt, randomSecret, recordResult, startFaultConsole } from './support/harness.ts';
import { burstScenario, SEED } from './support/scenario.ts';

const SESSIONS = envInt('FAULTS_SIGTERM_SESSIONS', 400);
const IN_FLIGHT = 6;

let outcome: BurstOutcome | undefined;
const world = burstScenario('faults_sigterm', () => outcome);

/**
 * A delivery whose body is still arriving when the signal comes: headers and half the body now, the rest
 * when `finish()` is called. Resolves with the HTTP status the server answered (or 0 if it dropped us).
 */
function halfSent(port: number, event: PlannedEvent, secret: string) {
  const body = Buffer.from(event.raw, 'utf8');
  const headers = signatureHeaders(event.raw, secret, event.timestamp);
  const head = [
    'POST /webhooks/didit HTTP/1.1',
    'Host: 127.0.0.1',
    'Content-Type: application/json',
    `Content-Length: ${body.length}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    'Connection: close',
    '',
    '',
  ].join('\r\n');
  const socket = net.connect(port, '127.0.0.1');
  let response = '';
  const answered = new Promise<number>((resolve) => {
    socket.on('data', (d) => {
      response += d.toString('latin1');
    });
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0)));
    socket.on('error', () => {});
  });
  const half = Math.floor(body.length / 2);
  const opened = new Promise<void>((r) =>
    socket.on('connect', () => {
      socket.write(head);
      socket.write(body.subarray(0, half));
      r();
    }),
  );
  // write, not end: a half-close from the client makes Node's server abort the request (httpAllowHalfOpen).
  return { opened, answered, finish: () => socket.write(body.subarray(half)) };
}

async function jobsHeldBy(databaseUrl: string, pid: number): Promise<number> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const r = await c.query<{ n: number }>(
      `select count(*)::int as n from jobs where state = 'running' and locked_by like $1`,
      [`%:${pid}:%`],
    );
    return r.rows[0]!.n;
  } finally {
    await c.end();
  }
}

describe(`SIGTERM during load (seed ${SEED})`, () => {
  it('finishes in-flight requests, releases its job leases, exits 0; nothing lost after the restart', async () => {
    let exitCode: number | null | undefined;
    let inFlight: number[] = [];
    let inFlightStored = 0;
    let heldAtExit = -1;
    let runningJobsAtSignal = 0;
    const secret = randomSecret();
    outcome = await runBurst({
      name: 'SIGTERM during load',
      setup: { databaseUrl: world.db.url, secret, apiKey: 'fault-key', diditBaseUrl: world.didit.url },
      sessions: SESSIONS,
      faultAtPercent: envInt('FAULTS_SIGTERM_AT_PERCENT', 40),
      seed: SEED,
      // A share of decision statuses comes without the decision: each queues a fetch job, and Didit is made
      // to hang, so jobs are mid-call when the signal arrives.
      plan: (rnd) =>
        planEvents({
          sessions: SESSIONS,
          startSeconds: Math.floor(Date.now() / 1000),
          random: rnd,
          withoutDecisionRate: 0.3,
        }),
      async fault(ctx) {
        const victim = ctx.current;
        const pid = victim.child.pid!;
        world.didit.hold();
        // Let fetch jobs pile up on the hanging upstream.
        for (let i = 0; i < 50 && world.didit.held() === 0; i++) await new Promise((r) => setTimeout(r, 100));
        runningJobsAtSignal = await jobsHeldBy(world.db.url, pid);
        const port = Number(new URL(victim.url).port);
        const extra = planEvents({ sessions: IN_FLIGHT, startSeconds: Math.floor(Date.now() / 1000) }).filter(
          (e) => e.status === 'Not Started',
        );
        const slow = extra.map((e) => halfSent(port, e, secret));
        await Promise.all(slow.map((s) => s.opened));
        await new Promise((r) => setTimeout(r, 200));
        const exited = victim.stop('SIGTERM');
        await new Promise((r) => setTimeout(r, 500));
        for (const s of slow) s.finish();
        inFlight = await Promise.all(slow.map((s) => s.answered));
        // They are deliveries like any other: the ledger knows them, so the invariants cover them too.
        extra.forEach((e, i) => {
          const entry = ctx.sender.ledger.entry(e);
          entry.deliveries.push([
            { at: Date.now(), ms: 0, outcome: inFlight[i] || 'network', signedAt: e.timestamp },
          ]);
          if (inFlight[i] === 200) entry.acknowledged = true;
        });
        exitCode = await exited;
        world.didit.release();
        heldAtExit = await jobsHeldBy(world.db.url, pid);
        const c = new pg.Client({ connectionString: world.db.url });
        await c.connect();
        inFlightStored = (
          await c.query<{ n: number }>(
            'select count(*)::int as n from webhook_events where event_key = any($1)',
            [extra.map((e) => e.key)],
          )
        ).rows[0]!.n;
        await c.end();
        ctx.replace(await startFaultConsole(ctx.setup));
      },
    });
    recordResult({
      ...outcome.result,
      note: `${outcome.result.note}; jobs running at SIGTERM ${runningJobsAtSignal}, still held after exit ${heldAtExit}; in-flight answers ${inFlight.join(',')}`,
    });
    expect(exitCode, 'a clean exit').toBe(0);
    expect(inFlight, 'requests in flight at the signal were answered').toEqual(inFlight.map(() => 200));
    expect(inFlightStored, 'and committed').toBe(inFlight.length);
    expect(runningJobsAtSignal, 'jobs were mid-call at the signal').toBeGreaterThan(0);
    expect(heldAtExit, 'no job lease outlives the process').toBe(0);
    expectClean(outcome);
  });
});
