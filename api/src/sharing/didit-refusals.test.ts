/**
 * Didit's refusals of share, import-shared and the update-status calls, answered with the bodies its pages
 * document (`@console/didit/fixtures/documented`, errors.json, each naming its page) by a scripted server
 * over real HTTP, through the real client and the console's routes. Where a page gives only the status, the
 * body varies here (the sandbox's reason phrase, an empty object, text that is not JSON): the console's
 * answer must come from the status — and, for a 403, from whether the body is DRF's generic permission
 * body — never from Didit's wording.
 */
import { randomUUID } from 'node:crypto';
import { DiditClient } from '@console/didit/client';
import { DiditError } from '@console/didit/errors';
import { documented } from '@console/didit/fixtures/documented';
import { type StubServer, startStubServer } from '@console/didit/test/stub-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app.ts';
import { type LoggedIn, loginAs } from '../../test/auth.ts';
import { createTestDatabase } from '../../test/database.ts';
import { fakeShareToken, seedSession } from '../../test/sharing.ts';
import type { Database } from '../platform/db/database.ts';
import { toAppError } from '../platform/http/didit-errors.ts';

const errors = documented.errors;
const only = errors.status_only;

let database: Database;
let stub: StubServer;
let app: ReturnType<typeof createTestApp>;
let client: DiditClient;
let pm: LoggedIn;
let reviewer: LoggedIn;

/** The next answer of the scripted Didit: a status and a body (an object as JSON, a string as is). */
function answer(status: number, body: unknown) {
  stub.setHandler((_req, res) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' });
    res.end(text);
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  stub = await startStubServer((_req, res) => res.writeHead(500).end());
  client = new DiditClient({
    baseUrl: stub.baseUrl,
    apiKey: 'k-refusals',
    retryBaseDelayMs: 1,
    maxGetRetries: 0,
  });
  // No DIDIT_APPLICATION_ID / DIDIT_IMPORT_WORKFLOWS: every choice goes to Didit unchecked.
  app = createTestApp(database, { didit: client });
  pm = await loginAs(app, database, ['partner_manager']);
  reviewer = await loginAs(app, database, ['reviewer', 'admin']);
});
afterAll(async () => {
  await stub?.close();
  await database?.close();
});

const post = (who: LoggedIn, path: string, body: unknown) =>
  app.request(path, {
    method: 'POST',
    headers: { ...who.headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const codeOf = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

const now = () => Math.floor(Date.now() / 1000);
const token = () =>
  fakeShareToken({
    session_id: randomUUID(),
    session_kind: 'user',
    from_application_id: randomUUID(),
    for_application_id: randomUUID(),
    iat: now() - 60,
    exp: now() + 3600,
  });

/** Bodies for a status the page shows without one: the sandbox's, none to speak of, and not even JSON. */
const UNDOCUMENTED_BODIES = (status: number) => [
  { detail: { 401: 'Unauthorized', 403: 'Forbidden', 400: 'Bad Request', 404: 'Not found.' }[status] },
  {},
  'upstream says no',
];

describe('import-shared refusals (https://docs.didit.me/sessions-api/share-session/import)', () => {
  const cases: [string, number, unknown[], string][] = [
    ['401 → the token', only.import_invalid_token.status, UNDOCUMENTED_BODIES(401), 'SHARE_TOKEN_INVALID'],
    [
      '403 → the token',
      only.import_not_for_us_or_used.status,
      UNDOCUMENTED_BODIES(403),
      'SHARE_TOKEN_NOT_FOR_US_OR_USED',
    ],
    [
      '403 with the generic body → the API key',
      errors.forbidden.status,
      [errors.forbidden.body],
      'DIDIT_ERROR',
    ],
    [
      '404 → source or workflow gone',
      only.import_gone.status,
      [
        errors.not_found.body,
        {},
        // Wordings the sandbox once invented: the answer must not change with them.
        { detail: 'Workflow not found.' },
        { detail: 'The original session no longer exists.' },
      ],
      'SHARE_SOURCE_GONE',
    ],
  ];
  it.each(cases)('%s', async (_name, status, bodies, code) => {
    for (const body of bodies) {
      answer(status, body);
      const res = await post(pm, '/api/imports', { share_token: token(), workflow_id: randomUUID() });
      expect(await codeOf(res), JSON.stringify(body)).toBe(code);
    }
  });
});

describe('share refusals (https://docs.didit.me/sessions-api/share-session/share)', () => {
  const cases: [string, number, unknown[], string][] = [
    ['404 → session or application unknown', errors.not_found.status, [errors.not_found.body], 'NOT_FOUND'],
    [
      '403 with the generic body → the API key',
      errors.forbidden.status,
      [errors.forbidden.body],
      'DIDIT_ERROR',
    ],
    ['400 → refused as asked', only.share_unfinished.status, UNDOCUMENTED_BODIES(400), 'DIDIT_REJECTED'],
  ];
  it.each(cases)('%s', async (_name, status, bodies, code) => {
    const session = await seedSession(database.db, { status: 'Approved' });
    for (const body of bodies) {
      answer(status, body);
      const res = await post(pm, `/api/sessions/${session}/share`, { for_application_id: randomUUID() });
      expect(await codeOf(res), JSON.stringify(body)).toBe(code);
    }
  });
});

describe('entity update-status refusals (https://docs.didit.me/management-api/users/update-status)', () => {
  it.each([
    ['404 → unknown vendor_data', only.entity_not_found.status, only.entity_not_found.body, 'NOT_FOUND'],
    [
      '403 with the generic body → the API key',
      errors.forbidden.status,
      errors.forbidden.body,
      'DIDIT_ERROR',
    ],
  ])('%s', async (_name, status, body, code) => {
    answer(status, body);
    const res = await post(reviewer, `/api/entities/user/${encodeURIComponent('user-ö 1')}/status`, {
      status: 'FLAGGED',
      reason: 'duplicate account',
    });
    expect(await codeOf(res)).toBe(code);
  });
});

describe('session update-status refusal (https://docs.didit.me/sessions-api/update-status)', () => {
  it('Wrong Current Status: the client reads a bad request, the console answers DIDIT_REJECTED', async () => {
    const w = errors.wrong_current_status;
    answer(w.status, w.body);
    const err = await client.updateStatus(randomUUID(), { new_status: 'Approved' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DiditError);
    expect([(err as DiditError).kind, (err as DiditError).detail]).toEqual([
      'bad_request',
      'Wrong Current Status',
    ]);
    const appError = toAppError(err as DiditError);
    expect([appError.code, appError.status]).toEqual(['DIDIT_REJECTED', 422]);
  });
});
