import { randomUUID } from 'node:crypto';
import { DiditClient } from '@console/didit/client';
import { createSandbox, type Sandbox } from '@console/sandbox/sandbox';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, silentLogger } from '../../test/app.ts';
import { type LoggedIn, loginAs } from '../../test/auth.ts';
import { createTestDatabase } from '../../test/database.ts';
import { signed, statusEvent, TEST_WEBHOOK_SECRET } from '../../test/webhooks.ts';
import { fixedClock, systemClock } from '../platform/clock.ts';
import type { Database } from '../platform/db/database.ts';
import { claimJob } from '../platform/jobs/jobs.repository.ts';
import { JobWorker } from '../platform/jobs/worker.ts';
import { applyEvent, REFRESH_JOB } from '../sessions/apply-event.ts';
import { eventFromDecision } from '../sessions/event-input.ts';
import { sessionDecision } from '../sessions/sessions.repository.ts';
import { BACKFILL_JOB, backfillJobHandler } from './backfill.service.ts';
import { reconcileSession } from './reconcile.service.ts';
import { syncJobHandlers } from './sync.jobs.ts';

let database: Database;
let sandbox: Sandbox;
let listening: { baseUrl: string; close(): Promise<void> };
let didit: DiditClient;
let app: ReturnType<typeof createTestApp>;
let admin: LoggedIn;
let reviewer: LoggedIn;
let auditor: LoggedIn;
const seeded: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  sandbox = createSandbox({ seed: 42, stepDelayMs: 10 });
  listening = await sandbox.listen(0, '127.0.0.1');
  const console_ = sandbox.applications.find((a) => a.name === 'console')!;
  didit = new DiditClient({ baseUrl: listening.baseUrl, apiKey: console_.api_key });
  seeded.push(
    ...(await sandbox.seedSessions({ application: 'console', count: 23, kind: 'mixed', deliver: false })),
  );
  app = createTestApp(database, { didit, webhookSecret: () => TEST_WEBHOOK_SECRET });
  admin = await loginAs(app, database, ['admin']);
  reviewer = await loginAs(app, database, ['reviewer']);
  auditor = await loginAs(app, database, ['auditor']);
});
afterAll(async () => {
  await listening.close();
  await sandbox.close();
  await database.close();
});

const deps = () => ({ db: database.db, clock: systemClock, didit });
const session = (id: string) =>
  database.db
    .selectFrom('sessions')
    .selectAll()
    .select(sessionDecision.as('decision'))
    .where('session_id', '=', id)
    .executeTakeFirst();
/** Where the session's decision is kept: the event it names (the only copy). */
const decisionSource = async (id: string) => {
  const { decision_event_id } = (await session(id))!;
  return decision_event_id === null
    ? undefined
    : database.db
        .selectFrom('webhook_events')
        .select(['source', 'decision_at'])
        .where('id', '=', decision_event_id)
        .executeTakeFirstOrThrow();
};

describe('POST /api/sessions/:id/refresh', () => {
  it('fetches the decision from Didit, applies it as a refresh event and audits it', async () => {
    const id = seeded[0]!;
    const res = await app.request(`/api/sessions/${id}/refresh`, {
      method: 'POST',
      headers: reviewer.headers,
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      session: { session_id: string; decision: Record<string, unknown> };
      history: { source: string }[];
    };
    const remote = await didit.getDecision(id);
    expect(body.session.session_id).toBe(id);
    expect(body.session.decision.status).toBe(remote.status);
    expect(body.history.map((h) => h.source)).toEqual(['refresh']);
    expect((await session(id))!.status).toBe(remote.status);
    expect(await decisionSource(id)).toEqual({ source: 'refresh', decision_at: 'root' });
    const audit = await sql<{
      action: string;
    }>`select action from audit_log where session_id = ${id}`.execute(database.db);
    expect(audit.rows.map((r) => r.action)).toContain('session.refresh');
  });

  it('answers NOT_FOUND when Didit has no such session', async () => {
    const res = await app.request(`/api/sessions/${randomUUID()}/refresh`, {
      method: 'POST',
      headers: reviewer.headers,
    });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });

  it('is not for auditors', async () => {
    const res = await app.request(`/api/sessions/${seeded[1]}/refresh`, {
      method: 'POST',
      headers: auditor.headers,
    });
    expect(res.status).toBe(403);
  });
});

describe('automatic decision fetch', () => {
  it('a Simple-signature webhook queues a fetch that a worker applies from Didit', async () => {
    const id = seeded[2]!;
    const remote = await didit.getDecision(id);
    // One clock reading for the envelope and the header (the Simple scheme wants them equal).
    const ts = Math.floor(Date.now() / 1000);
    const d = signed(JSON.stringify(statusEvent({ sessionId: id, status: String(remote.status), ts })), {
      scheme: 'simple',
      ts,
    });
    expect(
      (await app.request('/webhooks/didit', { method: 'POST', body: d.body, headers: d.headers })).status,
    ).toBe(200);
    expect((await session(id))!.decision).toBeNull();
    const worker = new JobWorker({
      db: database.db,
      clock: systemClock,
      logger: silentLogger(),
      handlers: { [REFRESH_JOB]: syncJobHandlers(deps(), { reconcileIntervalSeconds: 60 })[REFRESH_JOB]! },
      pollMs: 50,
    });
    worker.start();
    try {
      for (let i = 0; i < 100 && !(await session(id))!.decision; i++)
        await new Promise((r) => setTimeout(r, 50));
    } finally {
      await worker.stop();
    }
    const s = (await session(id))!;
    expect((s.decision as { session_id: string }).session_id).toBe(id);
    const jobs = await database.db
      .selectFrom('jobs')
      .selectAll()
      .where('key', '=', `refresh:${id}`)
      .execute();
    expect(jobs).toEqual([]);
  });
});

describe('backfill', () => {
  it('walks every session, survives a crash mid-run by resuming from its checkpoint, and stores each session once', async () => {
    expect((await app.request('/api/sync/backfill', { headers: reviewer.headers })).status).toBe(403);
    const start = await app.request('/api/sync/backfill', { method: 'POST', headers: admin.headers });
    expect(start.status).toBe(202);
    expect((await app.request('/api/sync/backfill', { method: 'POST', headers: admin.headers })).status).toBe(
      409,
    );

    const clock = fixedClock(new Date());
    const d = { db: database.db, clock, didit };
    // Worker A dies while fetching the second page: it has checkpointed page one, and its lease lingers.
    const first = await claimJob(database.db, {
      workerId: 'A',
      kinds: [BACKFILL_JOB],
      leaseMs: 30_000,
      now: clock.now(),
    });
    expect(first).toBeDefined();
    const crash = new AbortController();
    let lists = 0;
    const dying = new Proxy(didit, {
      get(target, prop, receiver) {
        if (prop === 'listSessions') {
          return async (params: Parameters<DiditClient['listSessions']>[0]) => {
            if (++lists === 2) crash.abort();
            return target.listSessions(params);
          };
        }
        return Reflect.get(target, prop, receiver);
      },
    });
    await expect(
      backfillJobHandler({ ...d, didit: dying }, { pageSize: 5 })(first!, {
        signal: crash.signal,
        workerId: 'A',
      }),
    ).rejects.toThrow(/interrupted/);
    const mid = await database.db.selectFrom('backfill_runs').selectAll().executeTakeFirstOrThrow();
    expect(mid).toMatchObject({ state: 'running', checkpoint_offset: 5 });
    const doneBefore = mid.done;
    expect(doneBefore).toBeGreaterThan(0);

    // Nobody can take it while A's lease lasts; after it, worker B resumes from the checkpoint.
    expect(
      await claimJob(database.db, {
        workerId: 'B',
        kinds: [BACKFILL_JOB],
        leaseMs: 30_000,
        now: clock.now(),
      }),
    ).toBeUndefined();
    clock.advance(31_000);
    const second = await claimJob(database.db, {
      workerId: 'B',
      kinds: [BACKFILL_JOB],
      leaseMs: 30_000,
      now: clock.now(),
    });
    expect(second?.id).toBe(first!.id);
    const listedOffsets: number[] = [];
    const watching = new Proxy(didit, {
      get(target, prop, receiver) {
        if (prop === 'listSessions') {
          return (params: { offset?: number }) => {
            listedOffsets.push(params.offset ?? 0);
            return target.listSessions(params);
          };
        }
        return Reflect.get(target, prop, receiver);
      },
    });
    await backfillJobHandler({ ...d, didit: watching }, { pageSize: 5 })(second!, {
      signal: new AbortController().signal,
      workerId: 'B',
    });
    expect(listedOffsets[0]).toBe(5);

    const run = await database.db.selectFrom('backfill_runs').selectAll().executeTakeFirstOrThrow();
    expect(run.state).toBe('done');
    const all = await didit.listSessions({ session_kind: 'all', limit: 100 });
    expect(run.total).toBe(all.count);
    expect(run.done).toBe(all.count);
    for (const id of seeded) {
      expect((await session(id))?.has_decision).toBe(true);
      expect(await decisionSource(id)).toEqual({ source: 'backfill', decision_at: 'root' });
    }
    const { rows } = await sql<{ session_id: string; n: number }>`
      select session_id, count(*)::int as n from webhook_events where source = 'backfill' group by session_id having count(*) > 1`.execute(
      database.db,
    );
    expect(rows).toEqual([]);

    const progress = await app.request('/api/sync/backfill', { headers: admin.headers });
    expect(await progress.json()).toMatchObject({
      state: 'done',
      done: all.count,
      total: all.count,
      eta_seconds: 0,
    });
    const audit = await sql<{
      action: string;
    }>`select action from audit_log where action like 'sync.backfill.%'`.execute(database.db);
    expect(audit.rows.map((r) => r.action)).toEqual(['sync.backfill.start']);
  });

  it('stops on request', async () => {
    const start = await app.request('/api/sync/backfill', { method: 'POST', headers: admin.headers });
    expect(start.status).toBe(202);
    const stop = await app.request('/api/sync/backfill', { method: 'DELETE', headers: admin.headers });
    expect(stop.status).toBe(200);
    expect(await stop.json()).toMatchObject({ state: 'stopped' });
    expect(
      (await app.request('/api/sync/backfill', { method: 'DELETE', headers: admin.headers })).status,
    ).toBe(409);
    // The queued job finds its run stopped and ends without calling Didit.
    const job = await claimJob(database.db, {
      workerId: 'C',
      kinds: [BACKFILL_JOB],
      leaseMs: 30_000,
      now: new Date(),
    });
    const noDidit = { db: database.db, clock: systemClock, didit: undefined };
    await expect(
      backfillJobHandler(noDidit)(job!, { signal: new AbortController().signal, workerId: 'C' }),
    ).resolves.toBeUndefined();
  });
});

describe('reconciliation', () => {
  it('records every field where the console differs from Didit, then heals the session', async () => {
    const id = seeded[5]!;
    const remote = await didit.getDecision(id);
    // The console believes something else (a newer local event Didit never saw).
    const wrong = {
      ...remote,
      status: remote.status === 'Declined' ? 'Approved' : 'Declined',
      vendor_data: 'drifted-vendor',
    };
    // Newer than the backfill above (whose clock ran 31 s ahead).
    const at = new Date(Date.now() + 120_000);
    await applyEvent(
      database.db,
      eventFromDecision({
        source: 'import',
        sessionId: id,
        decision: wrong,
        fetchedAt: at,
        eventKey: `test:${randomUUID()}`,
      }),
      at,
    );

    const drifts = await reconcileSession(deps(), id);
    expect(drifts.map((d) => d.field).sort()).toEqual(['status', 'vendor_data']);
    expect(drifts.find((d) => d.field === 'status')).toMatchObject({
      local_value: wrong.status,
      didit_value: remote.status,
    });
    const s = (await session(id))!;
    expect(s.status).toBe(remote.status);
    expect(s.reconciled_at).not.toBeNull();
    expect(await decisionSource(id)).toEqual({ source: 'reconcile', decision_at: 'root' });
    expect((s.decision as { status: string }).status).toBe(remote.status);

    // In sync now: a second pass finds nothing.
    expect(await reconcileSession(deps(), id)).toEqual([]);

    const res = await app.request(`/api/sync/drifts?session_id=${id}`, { headers: auditor.headers });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: { field: string; didit_value: string }[] };
    expect(body.items.map((i) => i.field).sort()).toEqual(['status', 'vendor_data']);
    expect((await app.request('/api/sync/drifts', { headers: reviewer.headers })).status).toBe(403);
  });
});
