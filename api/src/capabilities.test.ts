import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, silentLogger, testConfig } from '../test/app.ts';
import { loginAs } from '../test/auth.ts';
import { createTestDatabase } from '../test/database.ts';
import { mediaPolicyFor } from './app.ts';
import { type Capabilities, capabilitiesFor } from './capabilities.ts';
import { fixedClock } from './platform/clock.ts';
import type { Database } from './platform/db/database.ts';
import { SANDBOX_MEDIA_POLICY } from './review/media-fetch.ts';
import { DemoPasswordError, ensureInitialUsers } from './users/initial-users.ts';

// The config says "live" (a Didit key is set) while the capabilities say otherwise, and the other way
// round: what the console does must follow the capability it was given, not the mode it runs in.
const LIVE = { DIDIT_API_KEY: 'k', DIDIT_WEBHOOK_SECRET: 's' };
const NONE: Capabilities = {
  showSandboxBadge: false,
  demoAccounts: false,
  explainWithheldDemoAccounts: false,
  firstAdminHint: false,
  refuseDemoPasswords: false,
  sandboxMedia: false,
};
const clock = fixedClock(new Date('2026-12-07T05:00:00Z'));

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

async function loginPage(capabilities: Capabilities, env: Record<string, string>) {
  const res = await createTestApp(database, { env, capabilities, clock }).request('/api/auth/config');
  expect(res.status).toBe(200);
  return (await res.json()) as { sandbox: boolean; demo_accounts?: unknown[]; first_admin_hint?: string };
}

function recordingLogger() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, sink), lines };
}

describe('capabilities decided by the composition root', () => {
  it('come from the mode once: sandbox on the embedded database, and a live key', () => {
    expect(capabilitiesFor(testConfig())).toEqual({
      showSandboxBadge: true,
      demoAccounts: true,
      explainWithheldDemoAccounts: false,
      firstAdminHint: false,
      refuseDemoPasswords: false,
      sandboxMedia: true,
    });
    expect(capabilitiesFor(testConfig(LIVE))).toEqual({
      ...NONE,
      firstAdminHint: true,
      refuseDemoPasswords: true,
    });
    expect(
      capabilitiesFor(testConfig({ DATABASE_URL: 'postgres://x@db.test/c' })).explainWithheldDemoAccounts,
    ).toBe(true);
  });

  it.each([true, false])('showSandboxBadge=%s is what /api/auth/config and /api/meta say', async (on) => {
    const env = on ? LIVE : {};
    expect((await loginPage({ ...NONE, showSandboxBadge: on }, env)).sandbox).toBe(on);
    const app = createTestApp(database, { env, capabilities: { ...NONE, showSandboxBadge: on }, clock });
    const { headers } = await loginAs(app, database, ['admin'], { now: clock.now(), totp: true });
    const meta = await app.request('/api/meta', { headers });
    expect(meta.status).toBe(200);
    expect(((await meta.json()) as { sandbox: boolean }).sandbox).toBe(on);
  });

  it.each([true, false])('demoAccounts=%s: listed on the login page and created at start-up', async (on) => {
    const page = await loginPage({ ...NONE, demoAccounts: on }, on ? LIVE : {});
    expect(page.demo_accounts !== undefined).toBe(on);
    const own = await createTestDatabase();
    try {
      await ensureInitialUsers(own.db, {}, { ...NONE, demoAccounts: on }, silentLogger(), clock);
      const count = (await own.db.selectFrom('users').select('id').execute()).length;
      expect(count > 0).toBe(on);
    } finally {
      await own.close();
    }
  });

  it.each([true, false])('firstAdminHint=%s: an empty console points at user:create', async (on) => {
    const own = await createTestDatabase();
    try {
      const res = await createTestApp(own, {
        env: on ? {} : LIVE,
        capabilities: { ...NONE, firstAdminHint: on },
        clock,
      }).request('/api/auth/config');
      const page = (await res.json()) as { first_admin_hint?: string };
      expect(page.first_admin_hint !== undefined).toBe(on);
    } finally {
      await own.close();
    }
  });

  it.each([true, false])('explainWithheldDemoAccounts=%s: start-up says how to get them', async (on) => {
    const own = await createTestDatabase();
    try {
      const { logger, lines } = recordingLogger();
      await ensureInitialUsers(own.db, {}, { ...NONE, explainWithheldDemoAccounts: on }, logger, clock);
      expect(lines.some((l) => l.includes('DEMO_ACCOUNTS=1'))).toBe(on);
    } finally {
      await own.close();
    }
  });

  it.each([true, false])(
    'refuseDemoPasswords=%s: an account with the demo password stops start-up',
    async (on) => {
      const own = await createTestDatabase();
      try {
        await ensureInitialUsers(own.db, {}, { ...NONE, demoAccounts: true }, silentLogger(), clock);
        const started = ensureInitialUsers(
          own.db,
          {},
          { ...NONE, refuseDemoPasswords: on },
          silentLogger(),
          clock,
        );
        if (on) await expect(started).rejects.toBeInstanceOf(DemoPasswordError);
        else await expect(started).resolves.toBeUndefined();
      } finally {
        await own.close();
      }
    },
  );

  it.each([true, false])("sandboxMedia=%s: the media proxy may fetch the local sandbox's specimens", (on) => {
    const policy = mediaPolicyFor({ sandboxMedia: on }, testConfig(on ? LIVE : {}));
    expect(policy === SANDBOX_MEDIA_POLICY).toBe(on);
    expect(policy.allowHttp).toBe(on);
  });
});
