/**
 * Reusable KYC end to end, over real HTTP to the sandbox: the `partner` application runs a console of its
 * own (its own database) and shares; this console, as the `console` application, imports. Every Didit error
 * path is provoked at the sandbox, not simulated. At the end, no plaintext token may be found in either
 * database (every column of every table, and pg_dump when available) or in the logs.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { DiditClient } from '@console/didit/client';
import { DECISION_ARRAY_KEYS } from '@console/didit/features';
import { createSandbox, type Sandbox } from '@console/sandbox/sandbox';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorOf, expectError } from '../../test/app.ts';
import { type LoggedIn, loginAs } from '../../test/auth.ts';
import { createTestDatabase } from '../../test/database.ts';
import { csvRows } from '../../test/sharing.ts';
import type { Database } from '../platform/db/database.ts';
import { createLogger } from '../platform/logger.ts';
import { applyEvent } from '../sessions/apply-event.ts';
import { eventFromDecision } from '../sessions/event-input.ts';
import { isBearerLink } from '../sessions/redact-links.ts';
import { sessionDecision } from '../sessions/sessions.repository.ts';

interface Side {
  database: Database;
  app: ReturnType<typeof createTestApp>;
  client: DiditClient;
  pm: LoggedIn;
  applicationId: string;
}

let sandbox: Sandbox;
let closeSandbox: () => Promise<void>;
let base: string;
let partner: Side;
let us: Side;
let otherAppId: string;
let partnerIdAtUs: string;
let usAtPartner: string;
const logLines: string[] = [];
const minted: string[] = [];

const appOf = (name: string) => sandbox.applications.find((a) => a.name === name)!;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** `bare`: a console that knows neither its application id nor its workflows (DIDIT_APPLICATION_ID unset). */
async function side(name: 'partner' | 'console', opts: { bare?: boolean } = {}): Promise<Side> {
  const application = appOf(name);
  const database = await createTestDatabase();
  const client = new DiditClient({ baseUrl: base, apiKey: application.api_key, timeoutMs: 5_000 });
  const logger = createLogger(
    'trace',
    new Writable({
      write(chunk, _enc, done) {
        logLines.push(String(chunk));
        done();
      },
    }),
  );
  const app = createTestApp(database, {
    didit: client,
    logger,
    ownDiditApplication: opts.bare
      ? undefined
      : { application_id: application.application_id, workflows: application.workflows },
  });
  const pm = await loginAs(app, database, ['partner_manager'], { name: `${name} manager` });
  return { database, app, client, pm, applicationId: application.application_id };
}

const send = (s: Side, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  s.app.request(path, {
    method,
    headers: { ...s.pm.headers, 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const json = async <T = any>(res: Response): Promise<T> => (await res.json()) as T;

/** The partner's console learns of its own sessions the way a refresh does. */
async function syncToPartnerConsole(ids: string[]) {
  for (const id of ids) {
    const decision = await partner.client.getDecision(id);
    const at = new Date();
    await applyEvent(
      partner.database.db,
      eventFromDecision({
        source: 'refresh',
        sessionId: id,
        decision,
        fetchedAt: at,
        eventKey: `test:${id}`,
      }),
      at,
    );
  }
}

/** Sessions verified at the partner's Didit application (statuses in turn) and known to the partner's console. */
async function partnerSessions(kind: 'user' | 'business', statuses: string[], count = statuses.length) {
  const ids = await sandbox.seedSessions({ application: 'partner', count, kind, statuses });
  await syncToPartnerConsole(ids);
  return ids;
}

async function shareFromPartner(
  sessionId: string,
  ttl = 3600,
  target: Record<string, string> = { partner_id: usAtPartner },
) {
  const res = await send(partner, 'POST', `/api/sessions/${sessionId}/share`, {
    ...target,
    ttl_in_seconds: ttl,
  });
  expect(res.status).toBe(201);
  const body = await json<{
    share_token: string;
    expires_at: string;
    session_kind: string;
    token_sha256: string;
  }>(res);
  minted.push(body.share_token);
  return body;
}

/**
 * Media links are presigned per session and not kept by the console (stored as null): both sides compare
 * as null; everything else must be the same bytes.
 */
function normalize(v: unknown, ids: string[]): unknown {
  if (typeof v === 'string' && isBearerLink(undefined, v)) return null;
  if (typeof v === 'string') {
    let s = v.startsWith('http') ? v.replace(/\?.*$/, '') : v;
    for (const id of ids) s = s.split(id).join('<session>');
    return s;
  }
  if (Array.isArray(v)) return v.map((x) => normalize(x, ids));
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalize(x, ids)]));
  }
  return v;
}

beforeAll(async () => {
  sandbox = createSandbox({
    applications: ['other'],
    stepDelayMs: 20,
    webhookRetryDelaysMs: [30],
    webhookTimeoutMs: 300,
  });
  const listening = await sandbox.listen();
  base = listening.baseUrl;
  closeSandbox = listening.close;
  otherAppId = appOf('other').application_id;
  partner = await side('partner');
  us = await side('console');
  const a = await send(partner, 'POST', '/api/partners', {
    name: 'Review Console Co',
    application_id: us.applicationId,
  });
  usAtPartner = (await json(a)).id;
  const b = await send(us, 'POST', '/api/partners', {
    name: 'Partner Bank',
    application_id: partner.applicationId,
    contact: 'kyc@partner.example',
  });
  expect(b.status).toBe(201);
  partnerIdAtUs = (await json(b)).id;
});

afterAll(async () => {
  await closeSandbox?.();
  await sandbox?.close();
  await partner?.database.close();
  await us?.database.close();
});

describe('a two-application round trip', () => {
  it('imports a KYC session for our own review (trust_review from the partner default: false)', async () => {
    const [sourceId] = await partnerSessions('user', ['Approved']);
    const shared = await shareFromPartner(sourceId!);
    expect(shared.session_kind).toBe('user');
    expect(shared.token_sha256).toBe(sha256(shared.share_token));
    expect(Math.abs(new Date(shared.expires_at).getTime() - Date.now() - 3600_000)).toBeLessThan(10_000);

    const ledger = await partner.database.db
      .selectFrom('share_tokens')
      .selectAll()
      .where('session_id', '=', sourceId!)
      .execute();
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({
      token_sha256: sha256(shared.share_token),
      for_application_id: us.applicationId,
      from_application_id: partner.applicationId,
      partner_id: usAtPartner,
      created_by: partner.pm.user.id,
    });
    const [audit] = await partner.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'session.share')
      .execute();
    expect(audit?.details).toMatchObject({
      token_sha256: sha256(shared.share_token),
      for_application_id: us.applicationId,
    });

    const preview = await json(
      await send(us, 'POST', '/api/imports/preview', { share_token: shared.share_token }),
    );
    expect(preview).toMatchObject({
      session_kind: 'user',
      source_session_id: sourceId,
      source_application_id: partner.applicationId,
      partner: { id: partnerIdAtUs, name: 'Partner Bank', default_trust_review: false },
      for_application_id: us.applicationId,
      already_imported: null,
      suggested_trust_review: false,
    });
    expect(preview.seconds_left).toBeGreaterThan(3500);
    const kycWorkflow = preview.workflows.find(
      (w: { session_kind: string }) => w.session_kind === 'user',
    ).workflow_id;

    const res = await send(us, 'POST', '/api/imports', {
      share_token: shared.share_token,
      workflow_id: kycWorkflow,
      vendor_data: 'our-customer-7',
    });
    expect(res.status).toBe(201);
    const out = await json(res);
    expect(out.session).toMatchObject({
      shared_from_session: sourceId,
      status: 'In Review',
      vendor_data: 'our-customer-7',
    });
    expect(out.import).toMatchObject({
      partner: { id: partnerIdAtUs, name: 'Partner Bank' },
      source_session_id: sourceId,
      trust_review: false,
      source_status: null,
      landed_status: 'In Review',
      token_sha256: sha256(shared.share_token),
      imported_by: { id: us.pm.user.id },
    });

    const newId = out.session.session_id as string;
    const row = await us.database.db
      .selectFrom('sessions')
      .selectAll()
      .select(sessionDecision.as('decision'))
      .where('session_id', '=', newId)
      .executeTakeFirstOrThrow();
    expect(row.shared_from_session).toBe(sourceId);
    expect(row.status).toBe('In Review');
    const source = await partner.client.getDecision(sourceId!);
    const ours = row.decision as Record<string, unknown>;
    let compared = 0;
    for (const key of DECISION_ARRAY_KEYS) {
      if (source[key] === undefined) continue;
      compared++;
      expect(normalize(ours[key], [newId, sourceId!]), key).toEqual(
        normalize(source[key], [newId, sourceId!]),
      );
    }
    expect(compared).toBeGreaterThan(3);
    const history = await us.database.db
      .selectFrom('webhook_events')
      .select(['source', 'status'])
      .where('session_id', '=', newId)
      .execute();
    expect(history).toContainEqual({ source: 'import', status: 'In Review' });

    const detail = await json(await send(us, 'GET', `/api/sessions/${newId}`));
    expect(detail.provenance).toMatchObject({
      partner_name: 'Partner Bank',
      source_session_id: sourceId,
      source_application_id: partner.applicationId,
      trust_review: false,
      imported_by_name: 'console manager',
      token_fingerprint: sha256(shared.share_token),
      recorded_in_reliance_ledger: true,
    });
    const sourceDetail = await json(await send(partner, 'GET', `/api/sessions/${sourceId}`));
    expect(sourceDetail.shares).toEqual([
      expect.objectContaining({
        partner_name: 'Review Console Co',
        for_application_id: us.applicationId,
        state: 'active',
      }),
    ]);

    const again = await send(us, 'POST', '/api/imports', {
      share_token: shared.share_token,
      workflow_id: kycWorkflow,
    });
    const err = await expectError(again, 409, 'SHARE_TOKEN_NOT_FOR_US_OR_USED');
    expect(err.details?.earlier_import).toMatchObject({ session_id: newId });
  });

  it("keeps the partner's decision with trust_review, for KYC and KYB alike", async () => {
    // The partner's terms let an import keep its review: a partner manager may then ask for it.
    const terms = await send(us, 'PATCH', `/api/partners/${partnerIdAtUs}`, { default_trust_review: true });
    expect(terms.status).toBe(200);
    const kyc = await partnerSessions('user', ['Declined']);
    const kyb = await partnerSessions('business', ['Approved']);
    for (const [sourceId, kind] of [
      [kyc[0]!, 'user'],
      [kyb[0]!, 'business'],
    ] as const) {
      const sourceStatus = (await partner.client.getDecision(sourceId)).status;
      const shared = await shareFromPartner(sourceId, 600);
      expect(shared.session_kind).toBe(kind);
      const workflow = appOf('console').workflows.find((w) => w.session_kind === kind)!.workflow_id;
      const res = await send(us, 'POST', '/api/imports', {
        share_token: shared.share_token,
        workflow_id: workflow,
        trust_review: true,
      });
      expect(res.status).toBe(201);
      const out = await json(res);
      expect(out.session.status).toBe(sourceStatus);
      expect(out.import).toMatchObject({
        trust_review: true,
        source_status: sourceStatus,
        landed_status: sourceStatus,
      });
      const row = await us.database.db
        .selectFrom('sessions')
        .selectAll()
        .where('session_id', '=', out.session.session_id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ shared_from_session: sourceId, session_kind: kind, status: sourceStatus });
    }
    await send(us, 'PATCH', `/api/partners/${partnerIdAtUs}`, { default_trust_review: false });
  });

  it('finds whose verification we relied on for a customer, and exports it', async () => {
    const page = await json(await send(us, 'GET', '/api/imports?q=our-customer-7'));
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      vendor_data: 'our-customer-7',
      partner: { name: 'Partner Bank' },
      current_status: 'In Review',
    });
    const byPartner = await json(await send(us, 'GET', `/api/imports?partner=${partnerIdAtUs}&limit=2`));
    expect(byPartner.items).toHaveLength(2);
    expect(byPartner.next_cursor).not.toBeNull();
    const rest = await json(
      await send(us, 'GET', `/api/imports?partner=${partnerIdAtUs}&cursor=${byPartner.next_cursor}`),
    );
    expect(rest.items).toHaveLength(1);
    const csv = await send(us, 'GET', '/api/imports?format=csv');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toContain('source_session_id');
    const partners = await json(await send(us, 'GET', '/api/partners'));
    expect(partners.items.find((p: { id: string }) => p.id === partnerIdAtUs)).toMatchObject({
      imports: 3,
      shares: 0,
    });
  });
});

describe('what Didit refuses, mapped to what to do', () => {
  const kycWorkflow = () => appOf('console').workflows.find((w) => w.session_kind === 'user')!.workflow_id;
  let sources: string[];
  let bare: Side;
  beforeAll(async () => {
    sources = await partnerSessions('user', ['Approved'], 5);
    bare = await side('console', { bare: true });
  });
  afterAll(() => bare?.database.close());

  it('401: a forged token → SHARE_TOKEN_INVALID, ask for a new one', async () => {
    const shared = await shareFromPartner(sources[0]!);
    const [h, p, s] = shared.share_token.split('.') as [string, string, string];
    const forged = `${h}.${p}.${s.slice(0, -4)}${s.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    minted.push(forged);
    const res = await send(us, 'POST', '/api/imports', { share_token: forged, workflow_id: kycWorkflow() });
    const err = await expectError(res, 422, 'SHARE_TOKEN_INVALID');
    expect(err.message).toContain('Ask Partner Bank for a new token');
    expect(
      await us.database.db
        .selectFrom('imports')
        .select('id')
        .where('token_sha256', '=', sha256(forged))
        .execute(),
    ).toEqual([]);
  });

  it('403: a token minted for another application → SHARE_TOKEN_NOT_FOR_US_OR_USED', async () => {
    const shared = await shareFromPartner(sources[1]!, 3600, { for_application_id: otherAppId });
    // Where our application id is known, the console refuses before Didit…
    const local = await send(us, 'POST', '/api/imports', {
      share_token: shared.share_token,
      workflow_id: kycWorkflow(),
    });
    expect((await errorOf(local)).code).toBe('SHARE_TOKEN_WRONG_APPLICATION');
    // …where it is not, Didit does (403).
    const res = await send(bare, 'POST', '/api/imports', {
      share_token: shared.share_token,
      workflow_id: kycWorkflow(),
    });
    const err = await expectError(res, 409, 'SHARE_TOKEN_NOT_FOR_US_OR_USED');
    expect(err.message).toContain('Ask the partner to mint a new token');
  });

  it('403: a token imported outside this console → SHARE_TOKEN_NOT_FOR_US_OR_USED, without an earlier import', async () => {
    const shared = await shareFromPartner(sources[2]!);
    await us.client.importShared({
      share_token: shared.share_token,
      workflow_id: kycWorkflow(),
      trust_review: false,
    });
    const res = await send(us, 'POST', '/api/imports', {
      share_token: shared.share_token,
      workflow_id: kycWorkflow(),
    });
    const err = await expectError(res, 409, 'SHARE_TOKEN_NOT_FOR_US_OR_USED');
    expect(err.details?.earlier_import).toBeUndefined();
  });

  it('404: the source session was deleted → SHARE_SOURCE_GONE', async () => {
    const shared = await shareFromPartner(sources[3]!);
    const del = await fetch(`${base}/v3/session/${sources[3]}/delete/`, {
      method: 'DELETE',
      headers: { 'x-api-key': appOf('partner').api_key },
    });
    expect(del.status).toBeLessThan(300);
    const res = await send(us, 'POST', '/api/imports', {
      share_token: shared.share_token,
      workflow_id: kycWorkflow(),
    });
    await expectError(res, 410, 'SHARE_SOURCE_GONE');
  });

  it('404: a workflow our application does not have → SHARE_SOURCE_GONE naming the workflow (Didit’s 404 says no more)', async () => {
    const shared = await shareFromPartner(sources[4]!);
    // A console with no workflow list: the choice goes to Didit unchecked, and Didit's documented 404 body
    // ({"detail": "Not found."}) does not say which of its two meanings it is.
    const workflow = randomUUID();
    const res = await send(bare, 'POST', '/api/imports', {
      share_token: shared.share_token,
      workflow_id: workflow,
    });
    const err = await expectError(res, 410, 'SHARE_SOURCE_GONE');
    expect(err.message).toContain(`workflow ${workflow}`);
  });

  it('share: an application Didit does not know → NOT_FOUND, and nothing in the ledger', async () => {
    const [source] = await partnerSessions('user', ['Approved']);
    const res = await send(partner, 'POST', `/api/sessions/${source}/share`, {
      for_application_id: randomUUID(),
    });
    await expectError(res, 404, 'NOT_FOUND');
    expect(
      await partner.database.db
        .selectFrom('share_tokens')
        .select('id')
        .where('session_id', '=', source!)
        .execute(),
    ).toEqual([]);
  });
});

describe('batch share', () => {
  it('shares within the limiter, hands the tokens out once as CSV, and records each in the ledger', async () => {
    const ids = await partnerSessions('user', [
      'Approved',
      'In Review',
      'Declined',
      'In Progress',
      'Approved',
    ]);
    const start = await send(partner, 'POST', '/api/shares/batch', {
      partner_id: usAtPartner,
      ttl_in_seconds: 900,
      session_ids: [...ids, 'no-such-session'],
    });
    expect(start.status).toBe(202);
    const started = await json(start);
    const batchId = started.id as string;
    const batchKey = started.batch_key as string;
    expect(batchKey).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    let progress = await json(await send(partner, 'GET', `/api/shares/batch/${batchId}`));
    for (let i = 0; i < 100 && progress.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 250));
      progress = await json(await send(partner, 'GET', `/api/shares/batch/${batchId}`));
    }
    expect(progress).toMatchObject({
      status: 'finished',
      total: 6,
      done: 6,
      failed: 2,
      shared: 4,
      tokens: 'available',
    });
    expect(
      progress.items
        .filter((i: { status: string }) => i.status === 'failed')
        .map((i: { error_code: string }) => i.error_code)
        .sort(),
    ).toEqual(['NOT_FOUND', 'SESSION_NOT_SHAREABLE']);

    // The database holds each token sealed, and nothing that opens it: the key is only in `batch_key`.
    const sealed = await partner.database.db
      .selectFrom('share_batch_items')
      .select('sealed_token')
      .where('batch_id', '=', batchId)
      .where('sealed_token', 'is not', null)
      .execute();
    expect(sealed).toHaveLength(4);
    const batchRow = await partner.database.db
      .selectFrom('share_batches')
      .selectAll()
      .where('id', '=', batchId)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(batchRow)).not.toContain(batchKey);

    // Without the key, or with another batch's, nothing is handed out and nothing is used up.
    for (const key of [
      undefined,
      'MC4CAQAwBQYDK2VuBCIEIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      'not a key!',
    ]) {
      const refused = await send(partner, 'GET', `/api/shares/batch/${batchId}/tokens.csv`, undefined, {
        ...(key ? { 'x-batch-key': key } : {}),
      });
      await expectError(refused, 403, 'BATCH_KEY_INVALID');
    }

    const download = await send(partner, 'GET', `/api/shares/batch/${batchId}/tokens.csv`, undefined, {
      'x-batch-key': batchKey,
    });
    expect(download.status).toBe(200);
    expect(
      await partner.database.db
        .selectFrom('share_batch_items')
        .select('position')
        .where('batch_id', '=', batchId)
        .where('sealed_token', 'is not', null)
        .execute(),
    ).toEqual([]);
    expect(download.headers.get('cache-control')).toBe('no-store');
    const lines = csvRows(await download.text());
    expect(lines[0]).toEqual(
      expect.arrayContaining(['session_id', 'share_token', 'expires_at', 'token_sha256']),
    );
    const tokenCol = lines[0]!.indexOf('share_token');
    const shaCol = lines[0]!.indexOf('token_sha256');
    const tokens = lines.slice(1).filter((l) => l[tokenCol]);
    expect(tokens).toHaveLength(4);
    for (const l of tokens) {
      expect(l[shaCol]).toBe(sha256(l[tokenCol]!));
      minted.push(l[tokenCol]!);
    }
    const ledger = await partner.database.db
      .selectFrom('share_tokens')
      .select('token_sha256')
      .where('batch_id', '=', batchId)
      .execute();
    expect(ledger.map((r) => r.token_sha256).sort()).toEqual(tokens.map((l) => l[shaCol]).sort());

    const second = await send(partner, 'GET', `/api/shares/batch/${batchId}/tokens.csv`, undefined, {
      'x-batch-key': batchKey,
    });
    await expectError(second, 410, 'BATCH_TOKENS_GONE');
    expect((await json(await send(partner, 'GET', `/api/shares/batch/${batchId}`))).tokens).toBe(
      'downloaded',
    );

    // A token from the file is a working token.
    const res = await send(us, 'POST', '/api/imports', {
      share_token: tokens[0]![tokenCol],
      workflow_id: appOf('console').workflows.find((w) => w.session_kind === 'user')!.workflow_id,
    });
    expect(res.status).toBe(201);
    const actions = await partner.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', batchId)
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'share.batch.start',
      'share.batch.finish',
      'share.batch.download',
    ]);
  });
});

describe('no plaintext token at rest or in the logs', () => {
  async function textOfEveryColumn(database: Database): Promise<string[]> {
    const { rows: tables } = await sql<{ table_name: string }>`
      select table_name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(database.db);
    const out: string[] = [];
    for (const { table_name } of tables) {
      // row_to_json covers text, jsonb and every other column; bytea comes out as hex, so decode it too.
      const { rows } = await sql<{
        j: string;
      }>`select row_to_json(t)::text as j from ${sql.table(table_name)} t`.execute(database.db);
      out.push(...rows.map((r) => r.j));
      const { rows: byteaCols } = await sql<{ column_name: string }>`
        select column_name from information_schema.columns
        where table_schema = 'public' and table_name = ${table_name} and data_type = 'bytea'`.execute(
        database.db,
      );
      for (const { column_name } of byteaCols) {
        const { rows: raw } = await sql<{
          b: Buffer | null;
        }>`select ${sql.ref(column_name)} as b from ${sql.table(table_name)}`.execute(database.db);
        out.push(...raw.filter((r) => r.b).map((r) => r.b!.toString('latin1')));
      }
    }
    return out;
  }

  it('finds none of the minted tokens in any column of either database', async () => {
    expect(minted.length).toBeGreaterThan(8);
    for (const s of [partner, us]) {
      const dump = (await textOfEveryColumn(s.database)).join('\n');
      expect(dump.length).toBeGreaterThan(10_000);
      for (const token of minted) {
        expect(dump.includes(token)).toBe(false);
        // Neither whole nor the signature alone (the part that makes it a bearer secret).
        expect(dump.includes(token.split('.')[2]!)).toBe(false);
      }
      // The fingerprints are there: the search above can find what is stored.
      expect(minted.some((t) => dump.includes(sha256(t)))).toBe(true);
    }
  });

  it.skipIf(!process.env.DATABASE_URL)('finds none in a pg_dump of either database', () => {
    for (const s of [partner, us]) {
      const url = s.database.connectionString;
      const dump = execFileSync('pg_dump', ['--data-only', '--no-owner', url], {
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      });
      expect(dump).toContain('share_tokens');
      for (const token of minted) expect(dump.includes(token)).toBe(false);
    }
  });

  it('finds none in the logs', () => {
    const logs = logLines.join('');
    expect(logs.length).toBeGreaterThan(0);
    for (const token of minted) {
      expect(logs.includes(token)).toBe(false);
      expect(logs.includes(token.split('.')[2]!)).toBe(false);
    }
  });
});
