import { z } from 'zod';
import { api, setCsrfToken } from '../../api/client.ts';
import { forgetPrefetched } from '../../api/prefetch.ts';
import { isLocale, type Locale } from '../../i18n/locales.ts';

const userSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).transform(String),
  email: z.string(),
  name: z.string().nullish(),
  roles: z.array(z.string()).default([]),
  must_enroll_totp: z.boolean().optional(),
  totp_enabled: z.boolean().optional(),
  locale: z.string().nullish(),
});

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  roles: string[];
  mustEnrollTotp: boolean;
  /** The console language the person chose; null: follow the browser. */
  locale: Locale | null;
}

function toUser(raw: unknown, mustEnroll?: boolean): CurrentUser {
  const u = userSchema.parse(raw);
  return {
    id: u.id,
    email: u.email,
    name: u.name || u.email,
    roles: u.roles,
    mustEnrollTotp: mustEnroll ?? u.must_enroll_totp ?? false,
    locale: isLocale(u.locale) ? u.locale : null,
  };
}

const configSchema = z.looseObject({
  sandbox: z.boolean().default(false),
  sso: z.union([z.boolean(), z.looseObject({ label: z.string().optional() })]).nullish(),
  demo_accounts: z
    .array(z.looseObject({ email: z.string(), password: z.string(), roles: z.array(z.string()).default([]) }))
    .nullish(),
  first_admin_hint: z.string().nullish(),
});

export interface AuthConfig {
  sandbox: boolean;
  sso: boolean;
  ssoLabel: string;
  demoAccounts: { email: string; password: string; roles: string[] }[];
  firstAdminHint: string | null;
}

export async function fetchAuthConfig(): Promise<AuthConfig> {
  const c = configSchema.parse(await api.get('/api/auth/config'));
  return {
    sandbox: c.sandbox,
    sso: Boolean(c.sso),
    ssoLabel: (typeof c.sso === 'object' && c.sso?.label) || '',
    demoAccounts: c.demo_accounts ?? [],
    firstAdminHint: c.first_admin_hint ?? null,
  };
}

const meSchema = z.union([
  z.looseObject({ user: z.unknown(), csrf_token: z.string().optional() }),
  z.unknown(),
]);

export async function fetchMe(): Promise<CurrentUser> {
  const raw = meSchema.parse(await api.get('/api/auth/me')) as Record<string, unknown>;
  const inner = raw && typeof raw === 'object' && 'user' in raw ? raw.user : raw;
  if (typeof raw.csrf_token === 'string') setCsrfToken(raw.csrf_token);
  const mustEnroll = typeof raw.must_enroll_totp === 'boolean' ? raw.must_enroll_totp : undefined;
  return toUser(inner, mustEnroll);
}

const loginSchema = z.looseObject({
  user: z.unknown(),
  csrf_token: z.string(),
  must_enroll_totp: z.boolean().default(false),
});

export async function login(email: string, password: string, totp?: string): Promise<CurrentUser> {
  const body = loginSchema.parse(
    await api.post('/api/auth/login', { email, password, ...(totp ? { totp } : {}) }),
  );
  setCsrfToken(body.csrf_token);
  forgetPrefetched();
  return toUser(body.user, body.must_enroll_totp);
}

export async function logout(): Promise<void> {
  try {
    await api.post('/api/auth/logout');
  } finally {
    setCsrfToken(null);
    forgetPrefetched();
  }
}

const enrollSchema = z.looseObject({ secret: z.string(), otpauth_url: z.string() });

export async function enrollTotp(): Promise<{ secret: string; otpauthUrl: string }> {
  const e = enrollSchema.parse(await api.post('/api/auth/totp/enroll'));
  return { secret: e.secret, otpauthUrl: e.otpauth_url };
}

/** Enrolment replaces the session (new cookie): keep the CSRF token that goes with it. */
export async function confirmTotp(code: string): Promise<void> {
  const body = z
    .looseObject({ csrf_token: z.string() })
    .parse(await api.post('/api/auth/totp/confirm', { code }));
  setCsrfToken(body.csrf_token);
  forgetPrefetched();
}

/** Keeps the person's console language on the server (null: follow the browser again). */
export async function saveLocale(locale: Locale | null): Promise<void> {
  await api.put('/api/auth/me/locale', { locale });
}

export const SSO_START_URL = '/api/auth/oidc/start';

const metaSchema = z.looseObject({
  sandbox: z.boolean().default(false),
  application_id: z.string().nullish(),
  import_workflows: z
    .array(z.looseObject({ label: z.string(), workflow_id: z.string() }))
    .nullish()
    .transform((v) => v ?? []),
  workflows: z
    .array(z.looseObject({ workflow_id: z.string(), label: z.string().optional() }))
    .nullish()
    .transform((v) => v ?? []),
});

export type Meta = z.infer<typeof metaSchema>;

export async function fetchMeta(): Promise<Meta> {
  return metaSchema.parse(await api.get('/api/meta'));
}
