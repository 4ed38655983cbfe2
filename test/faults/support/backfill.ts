import { createSandbox, type Sandbox } from '@console/sandbox/sandbox';
import { createDatabase } from 'api/database';
import pg from 'pg';
import { type LoggedIn, loginAs } from '../../../api/test/auth.ts';
import { startDiditProxy } from './didit-proxy.ts';
import { envInt } from './harness.ts';

export interface BackfillWorld {
  sandbox: Sandbox;
  sandboxUrl: string;
  proxy: Awaited<ReturnType<typeof startDiditProxy>>;
  apiKey: string;
  sessionIds: string[];
  close(): Promise<void>;
}

/** A sandbox holding `count` sessions of the `console` application, behind a recording proxy. */
export async function backfillWorld(opts: {
  count: number;
  seed: number;
  getPerMinute?: number;
  latencyMs?: number;
}): Promise<BackfillWorld> {
  const sandbox = createSandbox({
    seed: opts.seed,
    rateLimits: { get: opts.getPerMinute ?? 600, write: 300 },
    stepDelayMs: 10,
  });
  const listening = await sandbox.listen();
  const app = sandbox.applications.find((a) => a.name === 'console')!;
  const sessionIds = await sandbox.seedSessions({ application: 'console', count: opts.count, kind: 'mixed' });
  const proxy = await startDiditProxy(listening.baseUrl, { latencyMs: opts.latencyMs ?? 0 });
  return {
    sandbox,
    sandboxUrl: listening.baseUrl,
    proxy,
    apiKey: app.api_key,
    sessionIds,
    async close() {
      await proxy.close();
      await sandbox.close();
    },
  };
}

/** An admin (with the second factor admins need outside sandbox mode) of a running console process. */
export async function adminOf(consoleUrl: string, databaseUrl: string): Promise<LoggedIn> {
  const database = await createDatabase({ url: databaseUrl, poolSize: 1 });
  try {
    const app = {
      request: (p: string, init?: RequestInit) =>
        fetch(`${consoleUrl}${p}`, { ...init, headers: { origin: consoleUrl, ...(init?.headers ?? {}) } }),
    };
    return await loginAs(app as never, database, ['admin'], { totp: true, headers: { origin: consoleUrl } });
  } finally {
    await database.close();
  }
}

interface BackfillProgress {
  run_id: number | null;
  state: string;
  done: number;
  total: number | null;
  error?: string | null;
}

async function startBackfill(consoleUrl: string, admin: LoggedIn): Promise<BackfillProgress> {
  const res = await fetch(`${consoleUrl}/api/sync/backfill`, {
    method: 'POST',
    headers: { ...admin.headers, origin: consoleUrl },
  });
  if (res.status !== 202)
    throw new Error(`POST /api/sync/backfill answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as BackfillProgress;
}

async function progressOf(consoleUrl: string, admin: LoggedIn): Promise<BackfillProgress> {
  const res = await fetch(`${consoleUrl}/api/sync/backfill`, { headers: admin.headers });
  return (await res.json()) as BackfillProgress;
}

/** Polls until the run is done or failed (or the deadline passes), reporting each reading. */
async function waitForBackfill(
  progress: () => Promise<BackfillProgress>,
  deadlineMs: number,
  onTick?: (p: BackfillProgress) => Promise<void> | void,
): Promise<BackfillProgress> {
  for (;;) {
    const p = await progress().catch(() => undefined);
    if (p) {
      await onTick?.(p);
      if (p.state === 'done' || p.state === 'failed' || p.state === 'stopped') return p;
    }
    if (Date.now() > deadlineMs) return p ?? { run_id: null, state: 'unknown', done: 0, total: null };
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/**
 * Starts a backfill through `consoleUrl` and polls it until it ends or FAULTS_BACKFILL_DEADLINE_SECONDS
 * (420) pass; `progressUrl` names the process to ask when the one that started it may be gone.
 */
export async function runBackfill(
  consoleUrl: string,
  admin: LoggedIn,
  opts: { progressUrl?: () => string; onTick?: (p: BackfillProgress) => Promise<void> | void } = {},
): Promise<{ start: BackfillProgress; end: BackfillProgress }> {
  const start = await startBackfill(consoleUrl, admin);
  const end = await waitForBackfill(
    () => progressOf(opts.progressUrl?.() ?? consoleUrl, admin),
    Date.now() + envInt('FAULTS_BACKFILL_DEADLINE_SECONDS', 420) * 1000,
    opts.onTick,
  );
  return { start, end };
}

/**
 * After a backfill: which of Didit's sessions the console lacks, which it holds that Didit does not have,
 * which were applied more than once in a run, and which show a different status than Didit's own.
 */
export async function checkBackfill(databaseUrl: string, world: BackfillWorld) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const sessions = (
      await client.query<{ session_id: string; status: string | null }>(
        'select session_id, status from sessions',
      )
    ).rows;
    const doubled = (
      await client.query<{ session_id: string }>(
        `select session_id from webhook_events where source = 'backfill'
          group by session_id, event_key having count(*) > 1`,
      )
    ).rows.map((r) => r.session_id);
    const perRun = (
      await client.query<{ session_id: string; n: number }>(
        `select session_id, count(*)::int as n from webhook_events where source = 'backfill'
          group by session_id, split_part(event_key, ':', 2) having count(*) > 1`,
      )
    ).rows.map((r) => `${r.session_id}×${r.n}`);
    const have = new Map(sessions.map((s) => [s.session_id, s.status]));
    const truth = await sandboxStatuses(world);
    const missing = world.sessionIds.filter((id) => !have.has(id));
    const unknown = sessions.filter((s) => !truth.has(s.session_id)).map((s) => s.session_id);
    const wrongStatus = [...truth]
      .filter(([id, status]) => have.has(id) && have.get(id) !== status)
      .map(([id, status]) => `${id}: ${have.get(id)} ≠ ${status}`);
    return { stored: sessions.length, missing, unknown, doubled: [...doubled, ...perRun], wrongStatus };
  } finally {
    await client.end();
  }
}

/** Didit's own view, read from the sandbox app directly (not through the recorder, not counted). */
async function sandboxStatuses(world: BackfillWorld): Promise<Map<string, string>> {
  world.sandbox.faults.clear();
  const out = new Map<string, string>();
  for (let offset = 0; ; offset += 100) {
    const res = await fetch(`${world.sandboxUrl}/v3/sessions/?session_kind=all&limit=100&offset=${offset}`, {
      headers: { 'x-api-key': world.apiKey },
    });
    if (res.status === 429) {
      await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') ?? 1) * 1000));
      offset -= 100;
      continue;
    }
    const page = (await res.json()) as { results: Array<{ session_id: string; status: string }> };
    for (const r of page.results) out.set(r.session_id, r.status);
    if (page.results.length < 100) return out;
  }
}
