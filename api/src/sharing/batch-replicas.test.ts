/**
 * A batch share across two console processes on one database (two apps, each with its own BatchRunner, as two
 * replicas have): progress read on the other never interrupts a live batch, no download while rows are
 * pending, a batch whose owner stops is adopted and finished, and the tokens are downloaded through the other
 * process, once, with the key the start handed out.
 */

import { DiditClient } from '@console/didit/client';
import { createSandbox, type Sandbox } from '@console/sandbox/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, silentLogger } from '../../test/app.ts';
import { type LoggedIn, loginAs } from '../../test/auth.ts';
import { createTestDatabase } from '../../test/database.ts';
import { csvRows } from '../../test/sharing.ts';
import { systemClock } from '../platform/clock.ts';
import type { Database } from '../platform/db/database.ts';
import { applyEvent } from '../sessions/apply-event.ts';
import { eventFromDecision } from '../sessions/event-input.ts';
import { BatchRunner } from './batch-runner.ts';

let sandbox: Sandbox;
let closeSandbox: () => Promise<void>;
let database: Database;
let client: DiditClient;
let partnerId: string;
let pm: LoggedIn;
const SESSIONS = 8;
let ids: string[];

// A slow Didit write budget (4 per second), so the batch is still running while the test looks at it.
beforeAll(async () => {
  sandbox = createSandbox({ applications: ['other'], rateLimits: { get: 600, write: 4, windowMs: 1_000 } });
  const l = await sandbox.listen();
  closeSandbox = l.close;
  database = await createTestDatabase();
  const app = sandbox.applications.find((a) => a.name === 'console')!;
  client = new DiditClient({ baseUrl: l.baseUrl, apiKey: app.api_key });
  ids = await sandbox.seedSessions({
    application: 'console',
    count: SESSIONS,
    kind: 'user',
    statuses: ['Approved'],
  });
  for (const id of ids) {
    const at = new Date();
    const decision = await client.getDecision(id);
    await applyEvent(
      database.db,
      eventFromDecision({ source: 'refresh', sessionId: id, decision, fetchedAt: at, eventKey: `t:${id}` }),
      at,
    );
  }
});
afterAll(async () => {
  await closeSandbox?.();
  await sandbox?.close();
  await database?.close();
});

function replica(name: string) {
  const runner = new BatchRunner({
    db: database.db,
    clock: systemClock,
    logger: silentLogger(),
    ownerId: name,
    heartbeatMs: 100,
    leaseMs: 1_000,
  });
  const app = createTestApp(database, { didit: client, batchRunner: runner });
  const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.request(path, {
      method,
      headers: { ...pm.headers, 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return { runner, app, send };
}

describe('batch share on two replicas', () => {
  it('is watched on one and run on the other, handed over at shutdown, and downloaded once anywhere', async () => {
    const a = replica('replica-a');
    const b = replica('replica-b');
    pm = await loginAs(a.app, database, ['partner_manager']);
    const other = sandbox.applications.find((x) => x.name === 'other')!;
    const p = await a.send('POST', '/api/partners', {
      name: 'Other Bank',
      application_id: other.application_id,
    });
    partnerId = ((await p.json()) as { id: string }).id;
    b.runner.start(); // B adopts orphans, as a server does

    const start = await a.send('POST', '/api/shares/batch', { partner_id: partnerId, session_ids: ids });
    expect(start.status).toBe(202);
    const { id, batch_key: key } = (await start.json()) as { id: string; batch_key: string };

    // Watched through B while A runs it: running, not interrupted, and no download yet.
    const seen = new Set<string>();
    let progress = (await (await b.send('GET', `/api/shares/batch/${id}`)).json()) as {
      status: string;
      done: number;
      tokens: string;
    };
    seen.add(progress.status);
    expect(progress.tokens).toBe('pending');
    const early = await b.send('GET', `/api/shares/batch/${id}/tokens.csv`, undefined, {
      'x-batch-key': key,
    });
    expect(early.status).toBe(409);

    // A shuts down part-way (SIGTERM): it stops between rows and releases the batch; B adopts it and finishes.
    while (progress.done < 3) {
      await new Promise((r) => setTimeout(r, 50));
      progress = (await (await b.send('GET', `/api/shares/batch/${id}`)).json()) as typeof progress;
      seen.add(progress.status);
    }
    await a.runner.stop();
    for (let i = 0; i < 400 && progress.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      progress = (await (await b.send('GET', `/api/shares/batch/${id}`)).json()) as typeof progress;
      seen.add(progress.status);
    }
    expect([...seen].sort()).toEqual(['finished', 'running']);
    expect(progress).toMatchObject({ status: 'finished', done: SESSIONS, tokens: 'available' });
    const owners = await database.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', id)
      .execute();
    expect(owners.map((o) => o.action)).toEqual(['share.batch.start', 'share.batch.finish']);

    // Every minted token, once, through B; each row shared once (one ledger entry per row).
    const csv = await b.send('GET', `/api/shares/batch/${id}/tokens.csv`, undefined, { 'x-batch-key': key });
    expect(csv.status).toBe(200);
    const lines = csvRows(await csv.text());
    const col = lines[0]!.indexOf('share_token');
    const tokens = lines.slice(1).map((l) => l[col]);
    expect(tokens.filter(Boolean)).toHaveLength(SESSIONS);
    const ledger = await database.db
      .selectFrom('share_tokens')
      .select('session_id')
      .where('batch_id', '=', id)
      .execute();
    expect(ledger.map((r) => r.session_id).sort()).toEqual([...ids].sort());
    const again = await a.send('GET', `/api/shares/batch/${id}/tokens.csv`, undefined, {
      'x-batch-key': key,
    });
    expect(again.status).toBe(410);
    await b.runner.stop();
  });
});
