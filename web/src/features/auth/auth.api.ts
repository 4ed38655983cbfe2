import { setCsrfToken } from '../../api/client.ts';
import { type ApiResponse, client } from '../../api/contract.ts';
import { forgetPrefetched } from '../../api/prefetch.ts';
import { isLocale, type Locale } from '../../i18n/locales.ts';

type UserDto = ApiResponse<'/api/auth/me', 'get'>['user'];

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  roles: string[];
  mustEnrollTotp: boolean;
  /** The console language the person chose; null: follow the browser. */
  locale: Locale | null;
}

function toUser(u: UserDto, mustEnrollTotp: boolean): CurrentUser {
  return {
    id: u.id,
    email: u.email,
    name: u.name || u.email,
    roles: u.roles,
    mustEnrollTotp,
    locale: isLocale(u.locale) ? u.locale : null,
  };
}

export interface AuthConfig {
  sandbox: boolean;
  sso: boolean;
  demoAccounts: { email: string; password: string; roles: string[] }[];
  firstAdminHint: string | null;
}

export async function fetchAuthConfig(): Promise<AuthConfig> {
  const c = await client.get('/api/auth/config');
  return {
    sandbox: c.sandbox,
    sso: c.sso,
    demoAccounts: c.demo_accounts ?? [],
    firstAdminHint: c.first_admin_hint ?? null,
  };
}

export async function fetchMe(): Promise<CurrentUser> {
  const me = await client.get('/api/auth/me');
  setCsrfToken(me.csrf_token);
  return toUser(me.user, me.must_enroll_totp);
}

export async function login(email: string, password: string, totp?: string): Promise<CurrentUser> {
  const body = await client.post('/api/auth/login', {
    body: { email, password, ...(totp ? { totp } : {}) },
  });
  setCsrfToken(body.csrf_token);
  forgetPrefetched();
  return toUser(body.user, body.must_enroll_totp);
}

export async function logout(): Promise<void> {
  try {
    await client.post('/api/auth/logout');
  } finally {
    setCsrfToken(null);
    forgetPrefetched();
  }
}

export async function enrollTotp(): Promise<{ secret: string; otpauthUrl: string }> {
  const e = await client.post('/api/auth/totp/enroll');
  return { secret: e.secret, otpauthUrl: e.otpauth_url };
}

/** Enrolment replaces the session (new cookie): keep the CSRF token that goes with it. */
export async function confirmTotp(code: string): Promise<void> {
  const body = await client.post('/api/auth/totp/confirm', { body: { code } });
  setCsrfToken(body.csrf_token);
  forgetPrefetched();
}

/** Keeps the person's console language on the server (null: follow the browser again). */
export async function saveLocale(locale: Locale | null): Promise<void> {
  await client.put('/api/auth/me/locale', { body: { locale } });
}

export const SSO_START_URL = '/api/auth/oidc/start';

export type Meta = ApiResponse<'/api/meta', 'get'>;

export async function fetchMeta(): Promise<Meta> {
  return client.get('/api/meta');
}
