import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionWebhook, type SecurityWorld, startSecurityWorld } from './support/server-world.ts';

let w: SecurityWorld;

beforeAll(async () => {
  w = await startSecurityWorld();
  for (const id of w.sessionIds) {
    const res = await w.deliver(decisionWebhook(id, await w.decisionOf(id)));
    if (res.status !== 200) throw new Error(`intake of ${id}: ${res.status} ${await res.text()}`);
  }
});
afterAll(async () => {
  await w?.close();
});

/** Sends `headers` and `first` bytes of a body, then reads the answer without sending the rest. */
function partialPost(url: string, headers: Record<string, string>, first: Buffer, chunked = false) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers }, (res) => {
      let body = '';
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.write(first);
    if (chunked) {
      // Keep streaming until the server answers; it must not wait for the end.
      const timer = setInterval(() => {
        if (!req.destroyed) req.write(first);
      }, 5);
      req.on('response', () => clearInterval(timer));
      req.on('close', () => clearInterval(timer));
    }
  });
}

describe('request bodies (item 4)', () => {
  it('attack: a 50 MB JSON body declared by Content-Length on the unauthenticated login → refused', async () => {
    const res = await partialPost(
      `${w.url}/api/auth/login`,
      { 'content-type': 'application/json', 'content-length': String(50 * 1024 * 1024), origin: w.url },
      Buffer.from('{"email":"'),
    );
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('attack: an endless chunked JSON body (no Content-Length) on a signed-in route → refused', async () => {
    const reviewer = await w.as(['reviewer']);
    const res = await partialPost(
      `${w.url}/api/sessions/${w.sessionIds[0]}/notes`,
      {
        'content-type': 'application/json',
        'transfer-encoding': 'chunked',
        origin: w.url,
        ...reviewer.headers,
      },
      Buffer.from(`{"body":"${'a'.repeat(16 * 1024)}`),
      true,
    );
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});
