import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, testConfig } from '../../../test/app.ts';
import { type RunningServer, startServer } from '../../server.ts';
import { serverTimeoutOptions } from './timeouts.ts';

const LIMITS = {
  headersTimeoutMs: 1_000,
  requestTimeoutMs: 2_000,
  keepAliveTimeoutMs: 500,
  checkIntervalMs: 200,
};
let running: RunningServer;
let dataDir: string;
const dropAfter: Array<() => Promise<void>> = [];

/** Its own database: a fresh one on DATABASE_URL's server, or embedded in a temp dir. Never the shared one. */
async function serverEnv(dir: string): Promise<Record<string, string>> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return { DATA_DIR: dir };
  const name = `t_timeouts_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  dropAfter.push(async () => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { DATA_DIR: dir, DATABASE_URL: url.toString() };
}

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'timeouts-'));
  const config = testConfig({ PORT: '0', ...(await serverEnv(dataDir)) });
  running = await startServer(config, silentLogger(), { timeouts: LIMITS });
});
afterAll(async () => {
  await running?.close();
  await fs.rm(dataDir, { recursive: true, force: true });
  for (const drop of dropAfter) await drop();
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
    // Closed by the server before the client gave up (8 s): Node's default headers timeout is 60 s. No tighter
    // bound on the time, which a loaded machine would make flaky; the 408 says which timeout fired.
    expect(r.closedByServer).toBe(true);
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
      // Not before the request timeout; closed before the client's 10 s (Node's default is 300 s).
      expect(r.heldMs).toBeGreaterThanOrEqual(LIMITS.requestTimeoutMs - 100);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('closes an idle keep-alive connection', async () => {
    // The client gives up after 4.5 s: closed by the server before that means the 500 ms keep-alive timeout
    // is in effect (Node's default of 5 s, plus its one-second grace, would outlast the client).
    const r = await slowClient('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n', '', 1_000_000, 4_500);
    expect(r.response).toMatch(/^HTTP\/1\.1 200/);
    expect(r.closedByServer).toBe(true);
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

// Regression (found by test/faults sigterm): under steady keep-alive traffic `server.close()` never completed,
// so SIGTERM ended in main.ts's forced exit (code 1) with job leases still held.
describe('closing under keep-alive load', () => {
  it('finishes promptly while a client keeps sending on its connections', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'close-'));
    const config = testConfig({ PORT: '0', ...(await serverEnv(dir)) });
    const server = await startServer(config, silentLogger());
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    let stop = false;
    let answered = 0;
    const get = () =>
      new Promise<void>((resolve) => {
        const req = http.get(`${server.url}/readyz`, { agent }, (res) => {
          res.resume();
          res.on('end', () => {
            answered++;
            resolve();
          });
        });
        req.on('error', () => resolve());
      });
    const clients = Array.from({ length: 32 }, async () => {
      while (!stop) await get();
    });
    try {
      for (let i = 0; i < 100 && answered < 20; i++) await new Promise((r) => setTimeout(r, 100));
      const before = answered;
      const closed = await Promise.race([
        server.close().then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), 15_000)),
      ]);
      expect(before).toBeGreaterThan(0);
      // Without the fix close() never completes; 15 s is room for a loaded machine, not a speed target.
      expect(closed, 'close() completed while the client kept sending').toBe(true);
    } finally {
      stop = true;
      await Promise.all(clients);
      agent.destroy();
      await server.close();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
