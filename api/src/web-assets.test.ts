import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../test/app.ts';
import { createTestDatabase } from '../test/database.ts';
import type { Database } from './platform/db/database.ts';

let database: Database;
let app: ReturnType<typeof createTestApp>;
let dist: string;
const script = `export const answer = ${JSON.stringify('x'.repeat(4000))};\n`;

beforeAll(async () => {
  database = await createTestDatabase();
  // A built web app in miniature: index.html, one hashed asset and the .gz the build writes beside it.
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'web-dist-'));
  fs.mkdirSync(path.join(dist, 'assets'));
  fs.writeFileSync(
    path.join(dist, 'index.html'),
    '<!doctype html><script type="module" src="/assets/app-1a2b.js"></script>',
  );
  fs.writeFileSync(path.join(dist, 'assets/app-1a2b.js'), script);
  fs.writeFileSync(path.join(dist, 'assets/app-1a2b.js.gz'), gzipSync(script));
  app = createTestApp(database, { webDist: dist });
});
afterAll(async () => {
  fs.rmSync(dist, { recursive: true, force: true });
  await database.close();
});

describe('the built web app', () => {
  it('serves hashed assets precompressed when the browser accepts it, cached for a year without revalidation', async () => {
    const res = await app.request('/assets/app-1a2b.js', { headers: { 'accept-encoding': 'gzip, deflate' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('vary')).toContain('Accept-Encoding');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(gunzipSync(Buffer.from(await res.arrayBuffer())).toString()).toBe(script);
  });

  it('serves the plain asset to a client that accepts no encoding', async () => {
    const res = await app.request('/assets/app-1a2b.js');
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(await res.text()).toBe(script);
  });

  it('revalidates index.html on every navigation, so a rebuilt app is picked up', async () => {
    const res = await app.request('/queue?status=In%20Review');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toContain('/assets/app-1a2b.js');
  });

  it('never caches an answer for a missing asset for a year (a stale tab asks for an old chunk)', async () => {
    const res = await app.request('/assets/gone-9z9z.js');
    expect(res.headers.get('cache-control')).toBe('no-cache');
  });
});
