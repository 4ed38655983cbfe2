import { z } from '@hono/zod-openapi';
import { getCookie } from 'hono/cookie';
import { auditContext } from '../audit/audit.service.ts';
import { route } from '../platform/http/openapi.ts';
import { createRouter } from '../platform/http/router.ts';
import type { AuthDeps } from './login.service.ts';
import { loginSessionCookie } from './login-session-token.ts';
import { createOidc, OIDC_STATE_COOKIE } from './oidc.service.ts';

const startRoute = route('get', '/api/auth/oidc/start', {
  summary: 'Begin single sign-on: redirects to the identity provider',
  responses: { 302: { description: 'To the provider' } },
  errors: {
    404: 'NOT_FOUND: SSO is not configured',
    429: 'RATE_LIMITED: too many starts from this address (or in flight overall)',
  },
});

const callbackRoute = route('get', '/api/auth/oidc/callback', {
  summary: 'Where the identity provider sends the browser back; signs in and redirects to /',
  request: {
    query: z.object({ state: z.string().max(512).optional(), code: z.string().max(4096).optional() }),
  },
  responses: {
    302: { description: 'To / (signed in) or /login?sso_error=CODE' },
  },
});

// The provider sends the browser back with a top-level cross-site navigation: a SameSite=Strict cookie
// would not come along, so this short-lived one is Lax. It only carries the random state.
const stateCookie = (state: string, maxAge: number) =>
  `${OIDC_STATE_COOKIE}=${state}; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=${maxAge}`;

export function oidcRoutes(deps: AuthDeps) {
  const router = createRouter();
  const oidc = createOidc(deps);

  router.openapi(startRoute, async (c) => {
    const { url, state } = await oidc.start(auditContext(c).ip);
    c.header('Set-Cookie', stateCookie(state, 600));
    return c.redirect(url, 302) as never;
  });

  router.openapi(callbackRoute, async (c) => {
    const query = new URL(c.req.url).searchParams;
    const outcome = await oidc.callback(
      query,
      getCookie(c, OIDC_STATE_COOKIE),
      auditContext(c),
      c.get('user')?.sessionId,
    );
    c.header('Set-Cookie', stateCookie('', 0), { append: true });
    if (!outcome.ok) return c.redirect(`/login?sso_error=${outcome.code}`, 302) as never;
    c.header('Set-Cookie', loginSessionCookie(outcome.signedIn.token), { append: true });
    return c.redirect('/', 302) as never;
  });

  return router;
}
