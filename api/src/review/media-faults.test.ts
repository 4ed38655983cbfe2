/**
 * Media links that misbehave, which the sandbox never serves: a scripted HTTP server stands in for Didit's
 * decision endpoint and for the storage behind its presigned links.
 */

import { DiditClient } from '@console/didit/client';
import { json, type StubServer, startStubServer } from '@console/didit/test/stub-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app.ts';
import { type LoggedIn, loginAs } from '../../test/auth.ts';
import { createTestDatabase } from '../../test/database.ts';
import { seedLocalCase } from '../../test/review.ts';
import type { Database } from '../platform/db/database.ts';

let database: Database;
let stub: StubServer;
let app: ReturnType<typeof createTestApp>;
let reviewer: LoggedIn;
let sessionId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  stub = await startStubServer(() => {});
  const base = stub.baseUrl;
  stub.setHandler((req, res) => {
    if (req.path.startsWith('/v3/session/')) {
      return json(res, 200, {
        session_id: sessionId,
        status: 'In Review',
        id_verifications: [
          {
            node_id: 'feature_ocr',
            portrait_image: `${base}/img/html?sig=secret-portrait`,
            front_image: `${base}/img/huge?sig=secret-front`,
            back_image: `${base}/img/expired?sig=secret-back`,
          },
        ],
        liveness_checks: [
          { node_id: 'feature_liveness', reference_image: `${base}/img/redirect?sig=secret-ref` },
        ],
        face_matches: [
          {
            node_id: 'feature_face',
            source_image: `${base}/img/png?sig=s`,
            target_image: `ftp://example.test/x.png`,
          },
        ],
      });
    }
    if (req.path.startsWith('/img/html')) {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<script>alert(1)</script>');
    }
    if (req.path.startsWith('/img/huge')) {
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(30 * 1024 * 1024) });
      return res.end();
    }
    if (req.path.startsWith('/img/expired')) {
      res.writeHead(403, { 'content-type': 'application/xml' });
      return res.end('<Error><Code>AccessDenied</Code></Error>');
    }
    if (req.path.startsWith('/img/redirect')) {
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
      return res.end();
    }
    if (req.path.startsWith('/img/png')) {
      const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(png.length) });
      return res.end(png);
    }
    res.writeHead(404);
    res.end();
  });
  app = createTestApp(database, {
    didit: new DiditClient({ baseUrl: stub.baseUrl, apiKey: 'stub-key', maxGetRetries: 0 }),
  });
  reviewer = await loginAs(app, database, ['reviewer']);
  sessionId = (await seedLocalCase(database.db)).sessionId;
});
afterAll(async () => {
  await stub?.close();
  await database?.close();
});

const get = (key: string) =>
  app.request(`/api/sessions/${sessionId}/media/${key}`, { headers: reviewer.headers });

describe('media proxy refusals', () => {
  it.each([
    ['an HTML page', 'portrait-0'],
    ['an image over the size cap', 'document_front-0'],
    ['an expired link', 'document_back-0'],
    ['a redirect', 'liveness_reference-0'],
    ['a non-http link', 'face_match_target-0'],
  ])('refuses %s with the one uniform error', async (_label, key) => {
    const res = await get(key);
    expect(res.status).toBe(502);
    const text = await res.text();
    const error = JSON.parse(text).error;
    // The same answer whatever went wrong: nothing to probe the console's network with.
    expect({ code: error.code, message: error.message, details: error.details }).toEqual({
      code: 'DIDIT_ERROR',
      message: 'The image is not available (its link may have expired); reload to try again',
      details: undefined,
    });
    // The presigned link never reaches the client, not even in an error.
    expect(text).not.toContain('sig=');
    expect(text).not.toContain(stub.baseUrl);
  });

  it('follows no redirect', async () => {
    await get('liveness_reference-0');
    expect(stub.requests.filter((r) => r.path.startsWith('/img/redirect')).length).toBeGreaterThan(0);
  });

  it('streams an allowed image type with no-store', async () => {
    const res = await get('face_match_source-0');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(Buffer.from(await res.arrayBuffer()).toString('hex')).toBe('89504e470d0a1a0a0000000d49484452');
  });

  it('lists every image without its link', async () => {
    const res = await app.request(`/api/sessions/${sessionId}/media`, { headers: reviewer.headers });
    const text = await res.text();
    expect(text).not.toContain('sig=');
    expect(JSON.parse(text).items.map((i: { key: string }) => i.key)).toEqual([
      'portrait-0',
      'document_front-0',
      'document_back-0',
      'liveness_reference-0',
      'face_match_source-0',
      'face_match_target-0',
    ]);
  });
});
