import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app.ts';
import { insertPasswordlessUser } from '../../test/auth.ts';
import { createTestDatabase } from '../../test/database.ts';
import type { Database } from '../platform/db/database.ts';
import { THROTTLE_POLICY } from './throttle.ts';

/**
 * Single sign-on against a real OpenID provider (`oidc-provider`) on a loopback port. The only scripted
 * part is the provider's own login screen: the test decides which account "types its password".
 */
const ACCOUNTS: Record<string, { email: string; email_verified: boolean; name: string; roles: unknown }> = {
  'sub-rev': {
    email: 'sso.reviewer@corp.test',
    email_verified: true,
    name: 'Sso Reviewer',
    roles: ['reviewer'],
  },
  'sub-both': {
    email: 'Local.Admin@corp.test',
    email_verified: true,
    name: 'Local Admin',
    roles: 'auditor admin',
  },
  'sub-other': {
    email: 'linked@corp.test',
    email_verified: true,
    name: 'Second Identity',
    roles: ['admin'],
  },
  'sub-none': { email: 'nobody@corp.test', email_verified: true, name: 'No Role', roles: ['marketing'] },
  'sub-unverified': { email: 'victim@corp.test', email_verified: false, name: 'Impostor', roles: ['admin'] },
};
const PUBLIC_URL = 'http://console.test';

let database: Database;
let app: ReturnType<typeof createTestApp>;
let providerServer: http.Server;
let issuer: string;
let nextAccount = 'sub-rev';

beforeAll(async () => {
  database = await createTestDatabase();
  let provider: Provider | undefined;
  providerServer = http.createServer(async (req, res) => {
    if (req.url?.startsWith('/interaction/')) {
      // The provider's login page, answered as if the person signed in as `nextAccount`.
      const details = await provider!.interactionDetails(req, res);
      const result =
        details.prompt.name === 'login'
          ? { login: { accountId: nextAccount } }
          : { consent: { grantId: await grantFor(provider!, details) } };
      await provider!.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
      return;
    }
    provider!.callback()(req, res);
  });
  await new Promise<void>((r) => providerServer.listen(0, '127.0.0.1', () => r()));
  issuer = `http://127.0.0.1:${(providerServer.address() as AddressInfo).port}`;
  provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'console',
        client_secret: 'console-client-secret-for-tests',
        redirect_uris: [`${PUBLIC_URL}/api/auth/oidc/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], roles: ['roles'] },
    scopes: ['openid', 'email', 'profile', 'roles'],
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    cookies: { keys: ['test-cookie-key-0123456789abcdef'] },
    ttl: {
      Session: 3600,
      Grant: 3600,
      AccessToken: 600,
      IdToken: 600,
      Interaction: 600,
      AuthorizationCode: 60,
    },
    findAccount: async (_ctx: unknown, id: string) => ({
      accountId: id,
      claims: async () => ({ sub: id, ...ACCOUNTS[id]! }),
    }),
  });
  app = createTestApp(database, {
    env: {
      PUBLIC_URL,
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: 'console',
      OIDC_CLIENT_SECRET: 'console-client-secret-for-tests',
      OIDC_ROLES_CLAIM: 'roles',
    },
  });
});
afterAll(async () => {
  await new Promise((r) => providerServer.close(r));
  await database.close();
});

async function grantFor(provider: Provider, details: Awaited<ReturnType<Provider['interactionDetails']>>) {
  const grant = new provider.Grant({
    accountId: details.session!.accountId,
    clientId: details.params.client_id as string,
  });
  grant.addOIDCScope(String(details.params.scope));
  return grant.save();
}

/** A browser: follows redirects between the console (in-process) and the provider (over HTTP). */
async function ssoLogin(account: string) {
  nextAccount = account;
  const consoleJar = new Map<string, string>();
  const providerJar = new Map<string, string>();
  const remember = (jar: Map<string, string>, res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (/max-age=0/i.test(c) || value === '') jar.delete(name);
      else jar.set(name, value);
    }
  };
  const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

  let res = await app.request('/api/auth/oidc/start');
  expect(res.status).toBe(302);
  remember(consoleJar, res);
  let location = res.headers.get('location')!;
  expect(location.startsWith(issuer)).toBe(true);
  const authUrl = new URL(location);
  expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authUrl.searchParams.get('code_challenge')).toBeTruthy();

  for (let hops = 0; hops < 10; hops++) {
    const url = new URL(location, issuer);
    if (url.origin === PUBLIC_URL) {
      res = await app.request(url.pathname + url.search, { headers: { cookie: cookieHeader(consoleJar) } });
      remember(consoleJar, res);
      return { res, cookie: consoleJar.get('__Host-console_session') };
    }
    const r = await fetch(url, { redirect: 'manual', headers: { cookie: cookieHeader(providerJar) } });
    remember(providerJar, r);
    location = r.headers.get('location') ?? '';
    if (!location) throw new Error(`provider answered ${r.status} without a redirect: ${await r.text()}`);
  }
  throw new Error('too many redirects');
}

describe('OIDC single sign-on against a real provider', () => {
  it('provisions an account from the roles claim and signs it in', async () => {
    const { res, cookie } = await ssoLogin('sub-rev');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/');
    expect(cookie).toBeTruthy();
    const me = await app.request('/api/auth/me', { headers: { cookie: `__Host-console_session=${cookie}` } });
    expect(me.status).toBe(200);
    const body = (await me.json()) as { user: { email: string; roles: string[] }; must_enroll_totp: boolean };
    expect(body.user).toMatchObject({ email: 'sso.reviewer@corp.test', roles: ['reviewer'] });
    expect(body.must_enroll_totp).toBe(false);
    const row = await database.db
      .selectFrom('users')
      .select(['oidc_subject', 'password_hash'])
      .where('email', '=', 'sso.reviewer@corp.test')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ oidc_subject: 'sub-rev', password_hash: null });
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('action', 'in', ['user.create', 'auth.login'])
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['user.create', 'auth.login']);
    expect(audit[1]!.details).toMatchObject({ method: 'oidc' });
  });

  it('links an existing local account by verified email and syncs its roles from the claim', async () => {
    await insertPasswordlessUser(database, 'local.admin@corp.test', ['admin'], { name: 'Local Admin' });
    const { res, cookie } = await ssoLogin('sub-both');
    expect(res.headers.get('location')).toBe('/');
    const me = await app.request('/api/auth/me', { headers: { cookie: `__Host-console_session=${cookie}` } });
    expect(((await me.json()) as { user: { roles: string[] } }).user.roles.sort()).toEqual([
      'admin',
      'auditor',
    ]);
    const row = await database.db
      .selectFrom('users')
      .select(['oidc_subject'])
      .where('email', '=', 'local.admin@corp.test')
      .executeTakeFirstOrThrow();
    expect(row.oidc_subject).toBe('sub-both');
  });

  it('refuses a login whose claim carries no console role', async () => {
    const { res, cookie } = await ssoLogin('sub-none');
    expect(res.headers.get('location')).toBe('/login?sso_error=SSO_NO_ROLE');
    expect(cookie).toBeUndefined();
    expect(
      await database.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'nobody@corp.test')
        .executeTakeFirst(),
    ).toBeUndefined();
  });

  it('never links an account through an unverified email', async () => {
    await insertPasswordlessUser(database, 'victim@corp.test', ['reviewer'], { name: 'Victim' });
    const { res } = await ssoLogin('sub-unverified');
    expect(res.headers.get('location')).toBe('/login?sso_error=SSO_EMAIL_UNVERIFIED');
    const victim = await database.db
      .selectFrom('users')
      .select(['oidc_subject', 'roles'])
      .where('email', '=', 'victim@corp.test')
      .executeTakeFirstOrThrow();
    expect(victim).toEqual({ oidc_subject: null, roles: ['reviewer'] });
  });

  it('refuses a callback whose state does not match the browser (login CSRF)', async () => {
    const start = await app.request('/api/auth/oidc/start');
    const state = new URL(start.headers.get('location')!).searchParams.get('state');
    const res = await app.request(`/api/auth/oidc/callback?code=x&state=${state}`, {
      headers: { cookie: '__Host-console_oidc=another-state' },
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login?sso_error=SSO_STATE');
  });

  it('never re-links an account already linked to another subject through the same verified email', async () => {
    await insertPasswordlessUser(database, 'linked@corp.test', ['reviewer'], {
      name: 'Linked',
      oidcSubject: 'sub-original',
    });
    const { res, cookie } = await ssoLogin('sub-other');
    expect(res.headers.get('location')).toBe('/login?sso_error=SSO_ACCOUNT_LINKED_ELSEWHERE');
    expect(cookie).toBeUndefined();
    const row = await database.db
      .selectFrom('users')
      .select(['oidc_subject', 'roles'])
      .where('email', '=', 'linked@corp.test')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ oidc_subject: 'sub-original', roles: ['reviewer'] });
  });

  it('throttles unauthenticated SSO starts per address, each of which stores a row', async () => {
    const start = (ip: string) =>
      app.request('/api/auth/oidc/start', {}, { incoming: { socket: { remoteAddress: ip } } });
    const before = await database.db
      .selectFrom('oidc_pending')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    const free = THROTTLE_POLICY.oidc_start.freeAttempts;
    for (let k = 0; k < free; k++) expect((await start('198.51.100.99')).status).toBe(302);
    const refused = await start('198.51.100.99');
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    const after = await database.db
      .selectFrom('oidc_pending')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n - before.n).toBe(free);
    // Another address is not held back.
    expect((await start('198.51.100.100')).status).toBe(302);
  });
});
