/**
 * Several console processes on one PostgreSQL, behind a round-robin balancer, against a separately started
 * Didit sandbox that answers 429 beyond Didit's budget (shrunk to a test scale, the same for the consoles):
 * webhooks split and duplicated across replicas with one killed -9 mid-burst; a sign-in on one used on the
 * others; refreshes and decisions through every replica within one shared Didit budget; a batch share run on
 * one replica (stopped part-way with SIGTERM), watched and downloaded through another. Every row of the
 * summary table is counted from what happened.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { DiditClient } from '@console/didit/client';
import { DiditRateLimiter } from '@console/didit/rate-limiter';
import type { Role } from 'api/config';
import { createDatabase } from 'api/database';
import { hashPassword } from 'api/password';
import { insertUser } from 'api/users';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvRows } from '../../api/test/sharing.ts';
import { planEvents, seeded, shuffle } from '../faults/support/events.ts';
import {
  auditVerifier,
  envInt,
  freshDatabase,
  randomSecret,
  type ScenarioDatabase,
} from '../faults/support/harness.ts';
import { checkInvariants } from '../faults/support/invariants.ts';
import { LedgeredSender } from '../faults/support/ledger.ts';
import { type ConsoleProcess, REPO, startConsole } from '../support/console.ts';
import { startRoundRobin } from './support/round-robin.ts';
import { addRow } from './support/summary.ts';

const REPLICAS = envInt('REPLICAS_COUNT', 3);
const BURST_SESSIONS = envInt('REPLICAS_BURST_SESSIONS', 150);
/** Didit's budget at test scale: per API key, per sliding window (Didit: 600 GET and 300 writes a minute). */
const BUDGET = { get: 30, write: 12, windowMs: 3_000 };
const REVIEW_SESSIONS = 12;
const APPROVED_SESSIONS = 16;
const SEED = envInt('REPLICAS_SEED', Date.now() % 1_000_000);
const METRICS_TOKEN = `metrics-${randomBytes(8).toString('hex')}`;

interface SandboxInfo {
  base_url: string;
  applications: {
    name: string;
    application_id: string;
    api_key: string;
    workflows: { workflow_id: string; session_kind: string }[];
  }[];
}
interface RateLog {
  served: { get: number; write: number };
  throttled: { get: number; write: number };
  maxInWindow: { get: number; write: number };
}

let db: ScenarioDatabase;
let sandboxProc: ChildProcess;
let sandbox: SandboxInfo;
let lb: Awaited<ReturnType<typeof startRoundRobin>>;
const replicas: ConsoleProcess[] = [];
const secret = randomSecret();
let consoleApp: SandboxInfo['applications'][number];
let partnerApp: SandboxInfo['applications'][number];
const reviewIds: string[] = [];
const approvedIds: string[] = [];

const rateLog = async (): Promise<RateLog> =>
  (await fetch(`${sandbox.base_url}/_sandbox/rate-limit`)).json() as Promise<RateLog>;

async function startSandbox(): Promise<SandboxInfo> {
  sandboxProc = spawn(
    process.execPath,
    [
      '--conditions=source',
      '--import',
      'tsx',
      path.join(REPO, 'packages/sandbox/src/sandbox.main.ts'),
      '--port',
      '0',
      '--step-delay-ms',
      '100',
      '--rate-limit-get',
      String(BUDGET.get),
      '--rate-limit-write',
      String(BUDGET.write),
      '--rate-window-ms',
      String(BUDGET.windowMs),
    ],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: sandboxProc.stdout! }).once('line', resolve);
    sandboxProc.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
  });
  return JSON.parse(first) as SandboxInfo;
}

function startReplica(n: number): Promise<ConsoleProcess> {
  return startConsole({
    DATABASE_URL: db.url,
    DIDIT_API_KEY: consoleApp.api_key,
    DIDIT_WEBHOOK_SECRET: secret,
    DIDIT_API_BASE_URL: sandbox.base_url,
    DIDIT_APPLICATION_ID: consoleApp.application_id,
    DIDIT_RATE_LIMIT_GET: String(BUDGET.get),
    DIDIT_RATE_LIMIT_WRITE: String(BUDGET.write),
    DIDIT_RATE_WINDOW_MS: String(BUDGET.windowMs),
    TRUSTED_PROXIES: '127.0.0.1',
    INSTANCE_NAME: `replica-${n}`,
    METRICS_TOKEN,
    LOG_LEVEL: 'warn',
    SANDBOX_SEED: 'false',
  });
}

interface Signed {
  cookie: string;
  csrf: string;
  userId: string;
}

async function createUser(roles: Role[]): Promise<{ email: string; password: string }> {
  const database = await createDatabase({ url: db.url, poolSize: 1 });
  try {
    const email = `${roles.join('-')}-${randomBytes(3).toString('hex')}@example.test`;
    const password = `pw-${randomBytes(12).toString('hex')}`;
    await insertUser(database.db, {
      email,
      name: `Replica ${roles.join(' ')}`,
      roles,
      passwordHash: await hashPassword(password),
      now: new Date(),
    });
    return { email, password };
  } finally {
    await database.close();
  }
}

async function signIn(url: string, who: { email: string; password: string }): Promise<Signed> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(who),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { csrf_token: string; user: { id: string } };
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('__Host-console_session='))!
    .split(';')[0]!;
  return { cookie, csrf: body.csrf_token, userId: body.user.id };
}

const call = (
  url: string,
  who: Signed,
  method: string,
  p: string,
  body?: unknown,
  extra: Record<string, string> = {},
) =>
  fetch(`${url}${p}`, {
    method,
    headers: {
      cookie: who.cookie,
      'x-csrf-token': who.csrf,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...extra,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

beforeAll(async () => {
  db = await freshDatabase('replicas');
  sandbox = await startSandbox();
  consoleApp = sandbox.applications.find((a) => a.name === 'console')!;
  partnerApp = sandbox.applications.find((a) => a.name === 'partner')!;
  // The sessions the consoles will refresh, decide and share, made in Didit before the load — through a
  // limiter of the same budget, then one quiet window, so the test's own calls never crowd the consoles'.
  const didit = new DiditClient({
    baseUrl: sandbox.base_url,
    apiKey: consoleApp.api_key,
    limiter: new DiditRateLimiter({
      getPerMinute: BUDGET.get,
      writePerMinute: BUDGET.write,
      windowMs: BUDGET.windowMs,
    }),
  });
  lb = await startRoundRobin();
  const started = await Promise.all(Array.from({ length: REPLICAS }, (_, i) => startReplica(i + 1)));
  replicas.push(...started);
  lb.backends.push(...started.map((r) => r.url));
  const workflowId = consoleApp.workflows.find((w) => w.session_kind === 'user')!.workflow_id;
  const created = await Promise.all([
    ...Array.from({ length: REVIEW_SESSIONS }, (_, i) =>
      didit.createSession({
        workflow_id: workflowId,
        vendor_data: `review-${i}`,
        sandbox_scenario: 'review',
      }),
    ),
    ...Array.from({ length: APPROVED_SESSIONS }, (_, i) =>
      didit.createSession({
        workflow_id: workflowId,
        vendor_data: `approve-${i}`,
        sandbox_scenario: 'approve',
      }),
    ),
  ]);
  reviewIds.push(...created.slice(0, REVIEW_SESSIONS).map((s) => s.session_id));
  approvedIds.push(...created.slice(REVIEW_SESSIONS).map((s) => s.session_id));
  // Scenario steps take 2 × 100 ms; then a quiet window.
  await new Promise((r) => setTimeout(r, 500 + BUDGET.windowMs + 500));
}, 240_000);

afterAll(async () => {
  for (const r of replicas) await r.stop('SIGKILL').catch(() => undefined);
  await lb?.close();
  sandboxProc?.kill('SIGTERM');
  await db?.drop();
});

describe(`${REPLICAS} console processes on one Postgres (seed ${SEED})`, () => {
  let reviewer: Signed;
  let manager: Signed;

  it('signs in on one replica and uses the cookie on the others; sign-out on one ends it on all', async () => {
    const r = await createUser(['reviewer']);
    reviewer = await signIn(replicas[0]!.url, r);
    let ok = 0;
    for (const rep of replicas) {
      const me = await fetch(`${rep.url}/api/auth/me`, { headers: { cookie: reviewer.cookie } });
      expect(me.status).toBe(200);
      ok++;
    }
    // Behind the balancer (a trusted proxy), the address recorded is the client's, not the balancer's.
    const m = await createUser(['partner_manager']);
    const viaLb = await fetch(`${lb.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.23' },
      body: JSON.stringify(m),
    });
    expect(viaLb.status).toBe(200);
    const throwaway = await signIn(replicas[1]!.url, r);
    expect((await call(replicas[2]!.url, throwaway, 'POST', '/api/auth/logout')).status).toBe(204);
    const after = await Promise.all(
      replicas.map((rep) =>
        fetch(`${rep.url}/api/auth/me`, { headers: { cookie: throwaway.cookie } }).then((x) => x.status),
      ),
    );
    expect(after).toEqual(replicas.map(() => 401));
    manager = await signIn(replicas[1]!.url, m);
    const database = await createDatabase({ url: db.url, poolSize: 1 });
    const ip = await database.db
      .selectFrom('login_sessions')
      .select('ip')
      .where('ip', '=', '198.51.100.23')
      .executeTakeFirst();
    await database.close();
    expect(ip?.ip).toBe('198.51.100.23');
    addRow({
      check: 'sign-in on replica 1, cookie used on every replica',
      measured: `${ok}/${replicas.length} answered /me; logout on replica 3 → 401 on all`,
      expected: 'all',
      ok: ok === replicas.length && after.every((s) => s === 401),
    });
    addRow({
      check: 'client address behind the balancer (TRUSTED_PROXIES)',
      measured: ip?.ip ?? 'none',
      expected: '198.51.100.23 (X-Forwarded-For)',
      ok: ip?.ip === '198.51.100.23',
    });
  });

  it('takes a webhook burst split and duplicated across replicas, one killed -9 mid-burst: nothing lost or doubled', async () => {
    const started = Date.now();
    const rnd = seeded(SEED);
    const events = planEvents({
      sessions: BURST_SESSIONS,
      startSeconds: Math.floor(Date.now() / 1000),
      random: rnd,
    });
    const duplicates = events.filter(() => rnd() < 0.2);
    const deliveries = shuffle([...events, ...duplicates], rnd);
    const sender = new LedgeredSender({
      target: () => lb.url,
      secret,
      concurrency: 16,
      retryDelaysMs: [500, 2_000],
      replayUntilMs: Date.now() + 90_000,
    });
    const victim = replicas[replicas.length - 1]!;
    const killAt = Math.floor(deliveries.length * 0.4);
    let killed = false;
    const servedBefore = new Map(lb.served);
    await sender.burst(deliveries, (n) => {
      if (n === killAt && !killed) {
        killed = true;
        victim.child.kill('SIGKILL');
      }
    });
    const report = await checkInvariants(db.url, sender.ledger, {
      auditVerify: auditVerifier(() => replicas[0]!.url, db.url),
    });
    const split = replicas.map((r) => (lb.served.get(r.url) ?? 0) - (servedBefore.get(r.url) ?? 0));
    expect(killed).toBe(true);
    expect(report.lost).toEqual([]);
    expect(report.doubled).toEqual([]);
    expect(report.wrongState).toEqual([]);
    expect(report.acknowledged).toBe(report.events);
    expect(report.auditOk).toBe(true);
    expect(split.filter((n) => n > 0).length).toBe(replicas.length);
    addRow({
      check: 'webhooks: events acknowledged / lost / doubled',
      measured: `${report.acknowledged} of ${report.events} / ${report.lost.length} / ${report.doubled.length}`,
      expected: `${report.events} / 0 / 0`,
      ok: report.lost.length === 0 && report.doubled.length === 0 && report.acknowledged === report.events,
    });
    addRow({
      check: 'webhooks: deliveries per replica (balancer)',
      measured: `${deliveries.length} deliveries (${duplicates.length} duplicates): ${split.join(' / ')}; replica ${replicas.length} killed -9 after ${killAt}`,
      expected: 'every replica served some',
      ok: split.every((n) => n > 0),
    });
    addRow({
      check: 'audit chain after the burst',
      measured: String(report.auditOk),
      expected: 'true',
      ok: report.auditOk === true,
    });
    addRow({
      check: 'burst time',
      measured: `${((Date.now() - started) / 1000).toFixed(1)} s`,
      expected: '-',
      ok: true,
    });
    // The killed replica is replaced, as an orchestrator would; the balancer points at the new one.
    const replacement = await startReplica(replicas.length + 1);
    lb.backends.splice(lb.backends.indexOf(victim.url), 1, replacement.url);
    replicas.splice(replicas.indexOf(victim), 1, replacement);
  });

  it('drives refreshes and decisions through every replica within one Didit budget: no 429, nothing refused', async () => {
    const before = await rateLog();
    const started = Date.now();
    const refreshes = [...reviewIds, ...approvedIds].flatMap((id, i) =>
      replicas.map((_, k) => ({ id, url: replicas[(i + k) % replicas.length]!.url })),
    );
    const refreshStatuses: number[] = [];
    const decisionStatuses: number[] = [];
    await Promise.all([
      ...refreshes.map(async ({ id, url }) => {
        const res = await call(url, reviewer, 'POST', `/api/sessions/${id}/refresh`);
        refreshStatuses.push(res.status);
      }),
      ...reviewIds.map(async (id, i) => {
        const url = replicas[i % replicas.length]!.url;
        // Wait for the session to be known locally (a refresh above stores it), then claim and decide it.
        for (let t = 0; t < 200; t++) {
          const claim = await call(url, reviewer, 'POST', `/api/sessions/${id}/claim`);
          if (claim.status === 200 || claim.status === 201) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        const decide = await call(
          replicas[(i + 1) % replicas.length]!.url,
          reviewer,
          'POST',
          `/api/sessions/${id}/status`,
          {
            new_status: 'Approved',
            comment: 'Checked on another replica',
          },
        );
        decisionStatuses.push(decide.status);
      }),
    ]);
    const after = await rateLog();
    const throttled = {
      get: after.throttled.get - before.throttled.get,
      write: after.throttled.write - before.throttled.write,
    };
    const served = {
      get: after.served.get - before.served.get,
      write: after.served.write - before.served.write,
    };
    expect(refreshStatuses.filter((s) => s !== 200)).toEqual([]);
    expect(decisionStatuses.filter((s) => s !== 200)).toEqual([]);
    expect(throttled).toEqual({ get: 0, write: 0 });
    expect(after.maxInWindow.get).toBeLessThanOrEqual(BUDGET.get);
    expect(after.maxInWindow.write).toBeLessThanOrEqual(BUDGET.write);
    addRow({
      check: 'refreshes through every replica (200)',
      measured: `${refreshStatuses.filter((s) => s === 200).length} of ${refreshes.length}`,
      expected: String(refreshes.length),
      ok: refreshStatuses.every((s) => s === 200),
    });
    addRow({
      check: 'decisions, claimed on one replica, sent on another (200)',
      measured: `${decisionStatuses.filter((s) => s === 200).length} of ${reviewIds.length}`,
      expected: String(reviewIds.length),
      ok: decisionStatuses.every((s) => s === 200),
    });
    addRow({
      check: 'Didit (sandbox) served GET / write during this phase',
      measured: `${served.get} / ${served.write} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      expected: `≤ ${BUDGET.get} / ${BUDGET.write} per ${BUDGET.windowMs / 1000} s window`,
      ok: true,
    });
    addRow({
      check: 'Didit: most requests in any one window, GET / write',
      measured: `${after.maxInWindow.get} / ${after.maxInWindow.write}`,
      expected: `≤ ${BUDGET.get} / ≤ ${BUDGET.write}`,
      ok: after.maxInWindow.get <= BUDGET.get && after.maxInWindow.write <= BUDGET.write,
    });
    addRow({
      check: 'Didit answered 429 (GET / write)',
      measured: `${throttled.get} / ${throttled.write}`,
      expected: '0 / 0',
      ok: throttled.get === 0 && throttled.write === 0,
    });
  });

  it('runs a batch share on one replica, stopped part-way (SIGTERM), watched and downloaded through another', async () => {
    const owner = replicas[0]!;
    const watcher = replicas[1]!;
    const other = replicas[2]!;
    const p = await call(watcher.url, manager, 'POST', '/api/partners', {
      name: 'Partner Bank',
      application_id: partnerApp.application_id,
    });
    expect(p.status).toBe(201);
    const partnerId = ((await p.json()) as { id: string }).id;
    const ids = [...approvedIds, ...reviewIds];
    // The manager starts the batch on the owner replica (a sign-in there; sessions are shared anyway).
    const ownerSession = await signIn(owner.url, await createUser(['partner_manager']));
    const start = await call(owner.url, ownerSession, 'POST', '/api/shares/batch', {
      partner_id: partnerId,
      session_ids: ids,
    });
    expect(start.status).toBe(202);
    const { id, batch_key: key } = (await start.json()) as { id: string; batch_key: string };
    /** The batch's tokens file, asked of `replica` with the batch key its start answered. */
    const tokensCsv = (replica: { url: string }) =>
      call(replica.url, ownerSession, 'GET', `/api/shares/batch/${id}/tokens.csv`, undefined, {
        'x-batch-key': key,
      });
    const statuses = new Map<string, number>();
    let early = 0;
    let stoppedAt = -1;
    let progress = { status: 'running', done: 0, total: ids.length, tokens: 'pending' };
    for (let i = 0; i < 600 && progress.status === 'running'; i++) {
      const res = await call(watcher.url, ownerSession, 'GET', `/api/shares/batch/${id}`);
      progress = (await res.json()) as typeof progress;
      statuses.set(progress.status, (statuses.get(progress.status) ?? 0) + 1);
      if (progress.status === 'running') {
        expect(progress.tokens).toBe('pending');
        if (early === 0) {
          const tooSoon = await tokensCsv(watcher);
          expect(tooSoon.status).toBe(409);
          early++;
        }
        if (stoppedAt < 0 && progress.done >= Math.floor(ids.length / 3)) {
          stoppedAt = progress.done;
          await owner.stop('SIGTERM'); // hands its batch over; another replica adopts it
        }
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(statuses.has('interrupted')).toBe(false);
    expect(progress).toMatchObject({ status: 'finished', done: ids.length, tokens: 'available' });
    const csv = await tokensCsv(watcher);
    expect(csv.status).toBe(200);
    const lines = csvRows(await csv.text());
    const col = lines[0]!.indexOf('share_token');
    const tokens = lines
      .slice(1)
      .map((l) => l[col])
      .filter(Boolean);
    const again = await tokensCsv(other);
    const database = await createDatabase({ url: db.url, poolSize: 1 });
    const ledger = await database.db
      .selectFrom('share_tokens')
      .select('session_id')
      .where('batch_id', '=', id)
      .execute();
    await database.close();
    expect(tokens).toHaveLength(ids.length);
    expect(new Set(tokens).size).toBe(ids.length);
    expect(again.status).toBe(410);
    addRow({
      check: 'batch share: progress reads through another replica',
      measured: [...statuses].map(([s, n]) => `${s}×${n}`).join(', '),
      expected: 'never interrupted',
      ok: !statuses.has('interrupted'),
    });
    addRow({
      check: 'batch share: owner stopped (SIGTERM), batch adopted',
      measured: `stopped after ${stoppedAt} of ${ids.length} rows; finished ${progress.done}`,
      expected: `finished ${ids.length}`,
      ok: progress.done === ids.length,
    });
    addRow({
      check: 'batch share: tokens downloaded through another replica / minted (ledger)',
      measured: `${tokens.length} / ${ledger.length}; second download ${again.status}`,
      expected: `${ids.length} / ${ids.length}; 410`,
      ok: tokens.length === ids.length && ledger.length === ids.length && again.status === 410,
    });
    replicas.splice(0, 1);
  });

  it('labels metrics by replica and exports the database gauges from one replica only', async () => {
    const bodies = await Promise.all(
      replicas.map((r) =>
        fetch(`${r.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }).then((x) =>
          x.text(),
        ),
      ),
    );
    const exporters = bodies.filter((b) =>
      /console_database_gauges_exporter\{replica="[^"]+"\} 1/.test(b),
    ).length;
    const labelled = bodies.filter((b) => /replica="replica-\d+"/.test(b)).length;
    const rateLimited = bodies
      .flatMap((b) => b.split('\n').filter((l) => l.startsWith('console_didit_rate_limited_total{')))
      .reduce((n, l) => n + Number(l.split(' ').pop()), 0);
    expect(exporters).toBe(1);
    expect(labelled).toBe(replicas.length);
    addRow({
      check: 'metrics: replicas exporting the job backlog',
      measured: `${exporters} of ${replicas.length} (all labelled: ${labelled})`,
      expected: '1',
      ok: exporters === 1 && labelled === replicas.length,
    });
    addRow({
      check: 'metrics: console_didit_rate_limited_total, summed',
      measured: String(rateLimited),
      expected: '0',
      ok: rateLimited === 0,
    });
    expect(rateLimited).toBe(0);
  });
});
