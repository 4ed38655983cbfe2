/**
 * Four-eyes bypasses (issue 14, item 2) replayed over HTTP with two reviewer logins against the real console
 * in server mode; the separate sandbox plays Didit and delivers signed webhooks to it.
 */

import { createSandbox, type Sandbox } from '@console/sandbox/sandbox';
import { createDatabase, type Database } from 'api/database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoggedIn, loginAs } from '../../api/test/auth.ts';
import { freshDatabase, type ScenarioDatabase, startFaultConsole } from '../faults/support/harness.ts';
import type { ConsoleProcess } from '../support/console.ts';

let sandbox: Sandbox;
let scenario: ScenarioDatabase;
let database: Database;
let consoleProcess: ConsoleProcess;
let alice: LoggedIn;
let bob: LoggedIn;

beforeAll(async () => {
  sandbox = createSandbox({ stepDelayMs: 20, webhookRetryDelaysMs: [100, 300], rateLimits: false });
  await sandbox.listen();
  const apiKey = sandbox.applications.find((a) => a.name === 'console')!.api_key;
  // The destination (and its secret) first, as an operator registers it; its URL once the console listens.
  const created = await fetch(`${sandbox.baseUrl()}/v3/webhook/destinations/`, {
    method: 'POST',
    headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({
      label: 'security suite',
      url: 'http://127.0.0.1:9/webhooks/didit',
      subscribed_events: ['status.updated', 'data.updated'],
    }),
  });
  const destination = (await created.json()) as { uuid: string; secret_shared_key: string };
  scenario = await freshDatabase('sec_4eyes');
  consoleProcess = await startFaultConsole({
    databaseUrl: scenario.url,
    secret: destination.secret_shared_key,
    apiKey,
    diditBaseUrl: sandbox.baseUrl(),
    env: { FOUR_EYES: 'approve_with_confirmed_aml,overturn_decline' },
  });
  const patched = await fetch(`${sandbox.baseUrl()}/v3/webhook/destinations/${destination.uuid}/`, {
    method: 'PATCH',
    headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({ url: `${consoleProcess.url}/webhooks/didit` }),
  });
  expect(patched.status).toBe(200);
  database = await createDatabase({ url: scenario.url, poolSize: 2 });
  const http = { request: (p: string, init?: RequestInit) => fetch(`${consoleProcess.url}${p}`, init) };
  alice = await loginAs(http as never, database, ['reviewer'], { name: 'Alice' });
  bob = await loginAs(http as never, database, ['reviewer'], { name: 'Bob' });
});
afterAll(async () => {
  await consoleProcess?.stop();
  await database?.close();
  await sandbox?.close();
  await scenario?.drop();
});

const send = (who: LoggedIn, method: string, path: string, body?: unknown) =>
  fetch(`${consoleProcess.url}${path}`, {
    method,
    headers: { ...who.headers, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const statusOf = async (id: string) =>
  await database.db.selectFrom('sessions').select('status').where('session_id', '=', id).executeTakeFirst();
async function until(id: string, status: string) {
  for (let i = 0; i < 200; i++) {
    await sandbox.idle();
    if ((await statusOf(id))?.status === status) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`session ${id} never reached ${status}`);
}
async function seed(status: string): Promise<string> {
  const [id] = await sandbox.seedSessions({
    application: 'console',
    count: 1,
    statuses: [status],
    kind: 'user',
    deliver: true,
  });
  await until(id!, status === 'review_aml_hit' ? 'In Review' : status);
  return id!;
}
const claim = async (who: LoggedIn, id: string) =>
  expect((await send(who, 'POST', `/api/sessions/${id}/claim`)).status).toBe(200);

describe('four-eyes', () => {
  it('attack: one reviewer sends a Declined case to Resubmitted, then approves it alone → refused', async () => {
    const id = await seed('Declined');
    await claim(alice, id);
    const resubmit = await send(alice, 'POST', `/api/sessions/${id}/status`, {
      new_status: 'Resubmitted',
      comment: 'redo the document',
      nodes_to_resubmit: [{ node_id: 'feature_ocr', feature: 'ID_VERIFICATION' }],
    });
    expect(resubmit.status).toBe(200);
    await until(id, 'Resubmitted');
    await claim(alice, id);
    const approve = await send(alice, 'POST', `/api/sessions/${id}/status`, {
      new_status: 'Approved',
      comment: 'fine now',
    });
    expect(approve.status).toBe(202);
    const { staged } = (await approve.json()) as { staged: { id: string; four_eyes_rules: string[] } };
    expect(staged.four_eyes_rules).toEqual(['overturn_decline']);
    expect((await send(alice, 'POST', `/api/review/pending/${staged.id}/confirm`)).status).toBe(403);
    await sandbox.idle();
    expect((await statusOf(id))?.status).toBe('Resubmitted');
  });

  it('attack: withdraw a staged approval, downgrade a hit a colleague confirmed, approve directly → refused', async () => {
    const id = await seed('review_aml_hit');
    const { decision } = (
      (await (await send(bob, 'GET', `/api/sessions/${id}`)).json()) as {
        session: { decision: { aml_screenings: { hits: { id: string }[] }[] } };
      }
    ).session;
    const hitId = decision.aml_screenings[0]!.hits[0]!.id;
    expect(
      (
        await send(bob, 'PATCH', `/api/sessions/${id}/aml-hits/${hitId}`, {
          review_status: 'Confirmed Match',
          comment: 'reviewed against the source',
        })
      ).status,
    ).toBe(200);
    await claim(alice, id);
    const first = await send(alice, 'POST', `/api/sessions/${id}/status`, {
      new_status: 'Approved',
      comment: 'looks fine to me',
    });
    expect(first.status).toBe(202);
    const { staged } = (await first.json()) as { staged: { id: string } };
    expect(
      (await send(alice, 'POST', `/api/review/pending/${staged.id}/reject`, { comment: 'withdrawn' })).status,
    ).toBe(200);
    const downgrade = await send(alice, 'PATCH', `/api/sessions/${id}/aml-hits/${hitId}`, {
      review_status: 'False Positive',
      comment: 'reviewed against the source',
    });
    expect(downgrade.status).toBe(202);
    const again = await send(alice, 'POST', `/api/sessions/${id}/status`, {
      new_status: 'Approved',
      comment: 'looks fine to me',
    });
    expect(again.status).toBe(202);
    await sandbox.idle();
    expect((await statusOf(id))?.status).toBe('In Review');
  });
});
