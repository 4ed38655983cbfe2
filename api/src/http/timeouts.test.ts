import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../server.ts';
import { silentLogger, testConfig } from '../test-support/app.ts';
import { serverTimeoutOptions } from './timeouts.ts';

const LIMITS = {
  headersTimeoutMs: 1_000,
  requestTimeoutMs: 2_000,
  keepAliveTimeoutMs: 500,
  checkIntervalMs: 200,
};
let running: RunningServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'timeouts-'));
  const config = testConfig({
    PORT: '0',
    DATA_DIR: dataDir,
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
  });
  running = await startServer(config, silentLogger(), { timeouts: LIMITS });
});
afterAll(async () => {
  await running?.close();
  await fs.rm(dataDir, { recursive: true, force: true });
});

/** Opens a raw socket, sends `first`, then one byte every `dripMs`; resolves with how long the server kept it. */
function slowClient(first: string, drip: string, dripMs: number, giveUpMs: number, port = running.port) {
  return new Promise<{ heldMs: number; response: string; closedByServer: boolean }>((resolve) => {
    const started = Date.now();
    const socket = net.connect(port, '127.0.0.1');
    let response = '';
    let i = 0;
    const timer = setInterval(() => {
      if (!socket.writable) return;
      socket.write(drip[i % drip.length]!);
      i++;
    }, dripMs);
    const done = (closedByServer: boolean) => {
      clearInterval(timer);
      clearTimeout(giveUp);
      socket.destroy();
      resolve({ heldMs: Date.now() - started, response, closedByServer });
    };
    const giveUp = setTimeout(() => done(false), giveUpMs);
    socket.on('connect', () => socket.write(first));
    socket.on('data', (d) => {
      response += d.toString('latin1');
    });
    socket.on('close', () => done(true));
    socket.on('error', () => {});
  });
}

describe('slow clients', () => {
  it('drops a client that trickles its headers', async () => {
    const r = await slowClient('GET /healthz HTTP/1.1\r\nHost: x\r\n', 'X-Slow: aaaaaaaaaa\r\n', 100, 8_000);
    expect(r.closedByServer).toBe(true);
    expect(r.heldMs).toBeLessThan(LIMITS.headersTimeoutMs + LIMITS.checkIntervalMs + 1_000);
    expect(r.response).toMatch(/^HTTP\/1\.1 408/);
  });

  it('drops a client that trickles its body to a handler reading it', async () => {
    // The webhook intake reads the raw body before anything else; this handler does the same.
    const app = new Hono().post('/read', async (c) =>
      c.json({ bytes: (await c.req.arrayBuffer()).byteLength }),
    );
    const server = serve({
      fetch: app.fetch,
      port: 0,
      hostname: '127.0.0.1',
      serverOptions: serverTimeoutOptions(LIMITS),
    });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    try {
      const port = (server.address() as AddressInfo).port;
      const head =
        'POST /read HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{';
      const r = await slowClient(head, '"', 50, 10_000, port);
      expect(r.closedByServer).toBe(true);
      expect(r.heldMs).toBeGreaterThanOrEqual(LIMITS.requestTimeoutMs - 100);
      expect(r.heldMs).toBeLessThan(LIMITS.requestTimeoutMs + LIMITS.checkIntervalMs + 1_500);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('closes an idle keep-alive connection', async () => {
    const r = await slowClient('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n', '', 1_000_000, 5_000);
    expect(r.response).toMatch(/^HTTP\/1\.1 200/);
    expect(r.closedByServer).toBe(true);
    // Node waits up to one more second past keepAliveTimeout; Node's own default (5 s) would hold it far longer.
    expect(r.heldMs).toBeLessThan(LIMITS.keepAliveTimeoutMs + 2_000);
  });

  it('still serves ordinary requests', async () => {
    const res = await fetch(`${running.url}/healthz`);
    expect(res.status).toBe(200);
  });

  it('refuses a header timeout longer than the request timeout', () => {
    expect(() =>
      serverTimeoutOptions({
        headersTimeoutMs: 5,
        requestTimeoutMs: 1,
        keepAliveTimeoutMs: 1,
        checkIntervalMs: 1,
      }),
    ).toThrow(RangeError);
  });
});
