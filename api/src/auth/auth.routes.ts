import { z } from '@hono/zod-openapi';
import { auditContext } from '../audit/audit.service.ts';
import { ROLES } from '../platform/config.ts';
import { json, jsonBody, route } from '../platform/http/openapi.ts';
import { createRouter } from '../platform/http/router.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../users/demo-accounts.ts';
import { countUsers, setUserLocale } from '../users/users.repository.ts';
import { type AuthDeps, logout, passwordLogin, userView } from './login.service.ts';
import { rejectCrossSite } from './login-session.middleware.ts';
import { clearedLoginSessionCookie, loginSessionCookie } from './login-session-token.ts';
import { confirmTotp, enrollTotp } from './totp.service.ts';

/** The console's languages (web/src/i18n/messages/<locale>/). */
const CONSOLE_LOCALES = ['en', 'sw'] as const;
const Locale = z.enum(CONSOLE_LOCALES);

const UserView = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  roles: z.array(z.enum(ROLES)),
  locale: Locale.nullable().openapi({
    description: 'The language the person chose; null: follow the browser',
  }),
});
const SignedInView = z.object({ user: UserView, csrf_token: z.string(), must_enroll_totp: z.boolean() });

const loginRoute = route('post', '/api/auth/login', {
  summary: 'Sign in with email, password and (when enrolled) a TOTP code',
  request: {
    body: jsonBody(
      z.object({
        email: z.string().min(1).max(320),
        password: z.string().min(1).max(1024),
        totp: z.string().max(16).optional(),
      }),
    ),
  },
  responses: { 200: json(SignedInView, 'Signed in; sets the session cookie') },
  errors: {
    401: 'INVALID_CREDENTIALS or TOTP_REQUIRED',
    403: 'CSRF: a cross-site request',
    429: 'RATE_LIMITED, with Retry-After',
  },
});

const logoutRoute = route('post', '/api/auth/logout', {
  summary: 'End this session',
  responses: { 204: { description: 'Signed out' } },
});

const meRoute = route('get', '/api/auth/me', {
  summary: 'The signed-in user, with the CSRF token of this session (for a reloaded page)',
  responses: { 200: json(SignedInView, 'The current user') },
  errors: { 401: 'UNAUTHENTICATED' },
});

const localeRoute = route('put', '/api/auth/me/locale', {
  summary: "Keep the signed-in person's console language (null: follow the browser again)",
  request: {
    body: jsonBody(z.object({ locale: Locale.nullable() }).strict()),
  },
  responses: { 200: json(z.object({ locale: Locale.nullable() }), 'The language now kept for this person') },
  errors: { 400: 'VALIDATION: not one of the console languages', 403: 'CSRF: missing or wrong X-CSRF-Token' },
});

const configRoute = route('get', '/api/auth/config', {
  summary: 'What the login page needs: sandbox mode, SSO, demo accounts (sandbox only), first-admin hint',
  responses: {
    200: json(
      z.object({
        sandbox: z.boolean(),
        sso: z.boolean(),
        demo_accounts: z
          .array(z.object({ email: z.string(), password: z.string(), roles: z.array(z.enum(ROLES)) }))
          .optional(),
        first_admin_hint: z.string().optional(),
      }),
      'Login page configuration',
    ),
  },
});

const enrollRoute = route('post', '/api/auth/totp/enroll', {
  summary: 'Start TOTP enrolment: a new secret to scan',
  responses: {
    200: json(
      z.object({ secret: z.string(), otpauth_url: z.string() }),
      'Secret (base32) and otpauth:// URL',
    ),
  },
  errors: { 409: 'CONFLICT: a second factor is already enrolled' },
});

const confirmRoute = route('post', '/api/auth/totp/confirm', {
  summary: 'Finish TOTP enrolment with a current code',
  request: {
    body: jsonBody(z.object({ code: z.string().min(1).max(16) })),
  },
  responses: {
    200: json(
      z.object({ totp_enabled: z.literal(true), csrf_token: z.string() }),
      'Second factor enabled; the session is replaced (new cookie and CSRF token), every older one ended',
    ),
  },
  errors: { 422: 'UNPROCESSABLE: wrong code or no enrolment started' },
});

/** What the login page may offer; the composition root decides (never "am I a sandbox"). */
export interface LoginPageCapabilities {
  /** Say the console talks to a local stand-in for Didit. */
  showSandboxBadge: boolean;
  /** List the demo accounts and their published password. */
  demoAccounts: boolean;
  /** With no account yet, point at `pnpm user:create`. */
  firstAdminHint: boolean;
}

export function authRoutes(deps: AuthDeps & { capabilities: LoginPageCapabilities }) {
  const router = createRouter();

  router.openapi(loginRoute, async (c) => {
    rejectCrossSite(c, deps.config.server.publicUrl);
    const body = c.req.valid('json');
    const signedIn = await passwordLogin(deps, body, auditContext(c), c.get('user')?.sessionId);
    c.header('Set-Cookie', loginSessionCookie(signedIn.token));
    return c.json(
      {
        user: userView(signedIn.user),
        csrf_token: signedIn.csrfToken,
        must_enroll_totp: signedIn.mustEnrollTotp,
      },
      200,
    );
  });

  router.openapi(logoutRoute, async (c) => {
    const user = c.get('user')!;
    await logout(deps, user.sessionId, auditContext(c));
    c.header('Set-Cookie', clearedLoginSessionCookie());
    return c.body(null, 204);
  });

  router.openapi(meRoute, (c) => {
    const user = c.get('user')!;
    return c.json(
      { user: userView(user), csrf_token: c.get('csrfToken') ?? '', must_enroll_totp: user.mustEnrollTotp },
      200,
    );
  });

  // A preference, not a permission: not audited (the audit log is for what touches cases and access).
  router.openapi(localeRoute, async (c) => {
    const { locale } = c.req.valid('json');
    await setUserLocale(deps.db, c.get('user')!.id, locale, deps.clock.now());
    return c.json({ locale }, 200);
  });

  router.openapi(configRoute, async (c) => {
    const can = deps.capabilities;
    const hint =
      can.firstAdminHint && (await countUsers(deps.db)) === 0
        ? 'No account exists yet. On the server, run: pnpm user:create --email you@example.com --name "Your Name" --roles admin --password-stdin'
        : undefined;
    return c.json(
      {
        sandbox: can.showSandboxBadge,
        sso: deps.config.auth.oidc !== undefined,
        ...(can.demoAccounts
          ? {
              demo_accounts: DEMO_ACCOUNTS.map((a) => ({
                email: a.email,
                password: DEMO_PASSWORD,
                roles: [...a.roles],
              })),
            }
          : {}),
        ...(hint ? { first_admin_hint: hint } : {}),
      },
      200,
    );
  });

  router.openapi(enrollRoute, async (c) => {
    const out = await enrollTotp(deps, c.get('user')!, auditContext(c));
    return c.json(out, 200);
  });

  router.openapi(confirmRoute, async (c) => {
    const { code } = c.req.valid('json');
    const rotated = await confirmTotp(deps, c.get('user')!, code, auditContext(c));
    c.header('Set-Cookie', loginSessionCookie(rotated.token));
    return c.json({ totp_enabled: true as const, csrf_token: rotated.csrfToken }, 200);
  });

  return router;
}
