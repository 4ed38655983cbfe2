import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../test/app.ts';
import { loginAs } from '../../test/auth.ts';
import { createTestDatabase } from '../../test/database.ts';
import { createApp } from '../app.ts';
import { fixedClock } from '../platform/clock.ts';
import type { Database } from '../platform/db/database.ts';
import { createLogger } from '../platform/logger.ts';
import { totpCode } from './totp.ts';

/**
 * Runs the sign-in, second-factor, account and export paths with recognisable canary values in every
 * secret and personal field, with the logger at its most verbose, and asserts none reaches a log line.
 */
const lines: string[] = [];
const capture = new Writable({
  write(chunk, _enc, done) {
    lines.push(String(chunk));
    done();
  },
});

let database: Database;
const clock = fixedClock(new Date('2026-11-22T09:00:00Z'));
let app: ReturnType<typeof createApp>;
const CANARY = {
  password: 'CANARY-pw-7f3a9e1c',
  email: 'canary-email-5d2b@example.test',
  name: 'Canary Name 8c4e',
  newPassword: 'CANARY-newpw-2a6f0b',
  wrongPassword: 'CANARY-wrong-9b1d3c',
};

beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({
    config: testConfig({ LOG_LEVEL: 'trace', MFA_REQUIRED_ROLES: 'admin' }),
    database,
    clock,
    logger: createLogger('trace', capture),
  });
});
afterAll(() => database.close());

describe('no secret or personal data in logs', () => {
  it('keeps canaries out of every log line', async () => {
    const seen: string[] = [];
    const admin = await loginAs(app, database, ['admin'], {
      email: CANARY.email,
      name: CANARY.name,
      password: CANARY.password,
      now: clock.now(),
    });
    seen.push(admin.cookie.split('=')[1]!, admin.csrfToken);
    const post = (p: string, body: unknown, headers = admin.headers) =>
      app.request(p, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    expect(
      (await post('/api/auth/login', { email: CANARY.email, password: CANARY.wrongPassword }, {})).status,
    ).toBe(401);
    expect(
      (await post('/api/auth/login', { email: `x${CANARY.email}`, password: CANARY.wrongPassword }, {}))
        .status,
    ).toBe(401);
    // Malformed bodies end in validation errors that must not echo the input either.
    await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"email": "${CANARY.email}", "password": ${JSON.stringify(CANARY.password)}, "totp": 12`,
    });

    const enroll = (await (await post('/api/auth/totp/enroll', {})).json()) as {
      secret: string;
      otpauth_url: string;
    };
    seen.push(enroll.secret);
    const totp = totpCode(enroll.secret, clock.now());
    expect((await post('/api/auth/totp/confirm', { code: totp })).status).toBe(200);
    clock.advance(30_000);
    const withCode = await post(
      '/api/auth/login',
      { email: CANARY.email, password: CANARY.password, totp: totpCode(enroll.secret, clock.now()) },
      {},
    );
    expect(withCode.status).toBe(200);
    const fresh = (await withCode.json()) as { csrf_token: string };
    const cookie = withCode.headers.getSetCookie()[0]!.split(';')[0]!;
    seen.push(cookie.split('=')[1]!, fresh.csrf_token);
    const headers = { cookie, 'x-csrf-token': fresh.csrf_token };

    const created = await post(
      '/api/users',
      {
        email: `new-${CANARY.email}`,
        name: `New ${CANARY.name}`,
        roles: ['auditor'],
        password: CANARY.newPassword,
      },
      headers,
    );
    expect(created.status).toBe(201);
    await post(
      '/api/users',
      { email: `bad-${CANARY.email}`, name: CANARY.name, roles: ['auditor'], password: 'short' },
      headers,
    );

    const exported = await app.request('/api/audit/export?format=jsonl', { headers });
    expect(await exported.text()).toContain(CANARY.email); // the export itself names staff, as it must
    await app.request('/api/audit/export?format=csv', { headers });

    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(5); // the logger really captured the requests
    for (const value of [...Object.values(CANARY), ...seen, 'canary', 'CANARY']) {
      expect(log, `log contains ${value}`).not.toContain(value);
    }
  });
});
