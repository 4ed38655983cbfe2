import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testConfig } from '../../../test/app.ts';
import { createTestDatabase } from '../../../test/database.ts';
import { ConfigError } from '../config.ts';
import type { Database } from '../db/database.ts';
import { TrustedProxies } from './client-address.ts';

describe('TrustedProxies.clientAddress', () => {
  const lb = new TrustedProxies(['10.0.0.0/8', '192.0.2.7', '2001:db8::/32']);
  it.each([
    ['an untrusted peer: its header is ignored', '198.51.100.1', '203.0.113.5', '198.51.100.1'],
    ['a trusted peer: the hop it forwarded', '10.1.2.3', '203.0.113.5', '203.0.113.5'],
    ['IPv4-mapped peer', '::ffff:10.1.2.3', '203.0.113.5', '203.0.113.5'],
    [
      'a spoofed left part: the rightmost untrusted hop wins',
      '10.1.2.3',
      '6.6.6.6, 203.0.113.5',
      '203.0.113.5',
    ],
    ['two proxies in a row', '192.0.2.7', '203.0.113.5, 10.9.9.9', '203.0.113.5'],
    ['IPv6 proxy and client', '2001:db8::1', '2001:db8::2, 2a00:1450::7', '2a00:1450::7'],
    ['every hop trusted: the leftmost', '10.1.2.3', '10.0.0.5, 10.0.0.6', '10.0.0.5'],
    ['a malformed hop stops the walk at the last vouched address', '10.1.2.3', 'x, not-an-ip', '10.1.2.3'],
    ['a hop with a port is malformed', '10.1.2.3', '203.0.113.5:443', '10.1.2.3'],
    ['a trusted peer without the header', '10.1.2.3', undefined, '10.1.2.3'],
  ])('%s', (_name, peer, xff, expected) => {
    expect(lb.clientAddress(peer, xff)).toBe(expected);
  });

  it('trusts nobody by default', () => {
    expect(new TrustedProxies([]).clientAddress('10.1.2.3', '203.0.113.5')).toBe('10.1.2.3');
  });

  it.each(['10.0.0.0/33', 'example.com', '10.0.0.1/8/1', '::1/129', '10.0.0.0/x'])(
    'TRUSTED_PROXIES=%s stops start-up naming the variable',
    (value) => {
      expect(() => testConfig({ TRUSTED_PROXIES: value })).toThrow(ConfigError);
      try {
        testConfig({ TRUSTED_PROXIES: value });
      } catch (e) {
        expect((e as ConfigError).variable).toBe('TRUSTED_PROXIES');
      }
    },
  );
});

describe('behind a load balancer (real HTTP, the peer is 127.0.0.1)', () => {
  let database: Database;
  const servers: { url: string; close: () => Promise<void> }[] = [];
  const listen = async (env: Record<string, string>) => {
    const app = createTestApp(database, { env });
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((r) => server.once('listening', () => r()));
    const s = {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () => new Promise<void>((r) => server.close(() => r())),
    };
    servers.push(s);
    return s;
  };
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await database.close();
  });

  const failSignIn = (url: string, forwardedFor: string, n: number) =>
    fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
      body: JSON.stringify({ email: `nobody-${n}@example.test`, password: 'wrong-password-123' }),
    });

  it('throttles each client address, not the balancer: one locked-out address leaves the others free', async () => {
    const { url } = await listen({ TRUSTED_PROXIES: '127.0.0.1' });
    // Distinct accounts, so only the per-address lock can trip (20 free failures per address).
    for (let i = 0; i < 22; i++) expect((await failSignIn(url, '203.0.113.5', i)).status).not.toBe(500);
    const locked = await failSignIn(url, '203.0.113.5', 100);
    expect(locked.status).toBe(429);
    expect(((await locked.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    const other = await failSignIn(url, '203.0.113.6', 101);
    expect(other.status).toBe(401);
    const rows = await database.db
      .selectFrom('login_throttle')
      .select('key')
      .where('key', 'like', 'address:%')
      .execute();
    expect(rows.map((r) => r.key).sort()).toEqual(['address:203.0.113.5', 'address:203.0.113.6']);
    const audited = await database.db
      .selectFrom('audit_log')
      .select('ip')
      .where('action', '=', 'auth.login_failed')
      .distinct()
      .execute();
    expect(audited.map((r) => r.ip).sort()).toEqual(['203.0.113.5', '203.0.113.6']);
  });

  it('ignores X-Forwarded-For from a peer that is not a configured proxy', async () => {
    await database.db.deleteFrom('login_throttle').execute();
    const { url } = await listen({ TRUSTED_PROXIES: '10.0.0.0/8' });
    expect((await failSignIn(url, '198.51.100.77', 200)).status).toBe(401);
    const rows = await database.db.selectFrom('login_throttle').select('key').execute();
    expect(rows.map((r) => r.key)).toContain('address:127.0.0.1');
    expect(rows.map((r) => r.key)).not.toContain('address:198.51.100.77');
  });
});
