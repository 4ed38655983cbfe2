import { createHash } from 'node:crypto';
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors.ts';
import { readRawBody } from './raw-body.ts';

const LIMIT = 64 * 1024;
let server: ReturnType<typeof serve>;
let port: number;
let viaIncoming = 0;

beforeAll(async () => {
  const app = new Hono<{ Bindings: { incoming?: IncomingMessage } }>().post('/raw', async (c) => {
    try {
      if (c.env.incoming) viaIncoming++;
      const raw = await readRawBody(c.req.raw, LIMIT, c.env.incoming);
      return c.json({ bytes: raw.byteLength, sha: createHash('sha256').update(raw).digest('hex') });
    } catch (err) {
      if (err instanceof AppError) return c.json({ code: err.code }, err.status);
      throw err;
    }
  });
  server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** POSTs the chunks with chunked transfer encoding (no Content-Length) over a real socket. */
function postChunks(chunks: Buffer[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/raw' }, (res) => {
      let body = '';
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', (err) =>
      err.message.includes('ECONNRESET') || err.message.includes('EPIPE')
        ? resolve({ status: 0, body: '' })
        : reject(err),
    );
    let i = 0;
    const next = () => {
      if (i === chunks.length) return req.end();
      req.write(chunks[i++], next);
    };
    next();
  });
}

describe('readRawBody from the Node request', () => {
  it('returns the exact bytes of a chunked body, multi-byte characters split across chunks included', async () => {
    const text = Buffer.from(`{"name":"Zoë 王小明 محمد","pad":"${'x'.repeat(20_000)}"}`);
    const chunks = [text.subarray(0, 13), text.subarray(13, 10_001), text.subarray(10_001)];
    const before = viaIncoming;
    const res = await postChunks(chunks);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({
      bytes: text.byteLength,
      sha: createHash('sha256').update(text).digest('hex'),
    });
    expect(viaIncoming).toBe(before + 1);
  });

  it('answers a chunked body that streams past the limit with 413, not a reset connection', async () => {
    const chunk = Buffer.alloc(16 * 1024, 'x');
    const res = await postChunks(Array.from({ length: 8 }, () => chunk));
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toEqual({ code: 'PAYLOAD_TOO_LARGE' });
  });
});
