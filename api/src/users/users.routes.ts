import { z } from '@hono/zod-openapi';
import { auditContext } from '../audit/audit.service.ts';
import { ROLES } from '../platform/config.ts';
import { json, jsonBody, keysetPage, route } from '../platform/http/openapi.ts';
import { createRouter } from '../platform/http/router.ts';
import { resetPassword } from './password-reset.service.ts';
import {
  accountView,
  createUser,
  listUsers,
  resetTotp,
  type UsersDeps,
  updateUser,
  withLastLogin,
} from './users.service.ts';

const Account = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  roles: z.array(z.enum(ROLES)),
  disabled: z.boolean(),
  totp_enabled: z.boolean(),
  sso_linked: z.boolean(),
  local_sign_in: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
  /** The account's newest sign-in, or null when it never signed in. */
  last_login_at: z.string().nullable(),
});
const Roles = z.array(z.enum(ROLES)).max(ROLES.length);
const IdParam = z.object({ id: z.uuid() });

const listRoute = route('get', '/api/users', {
  summary: 'Accounts, by email (keyset)',
  request: { query: z.object({ cursor: z.string().max(400).optional() }) },
  responses: {
    200: json(keysetPage(Account), 'A page of accounts'),
  },
});

const createUserRoute = route('post', '/api/users', {
  summary: 'Create a local account',
  request: {
    body: jsonBody(
      z.object({
        email: z.email().max(320),
        name: z.string().trim().min(1).max(200),
        roles: Roles,
        password: z.string().max(1024),
      }),
    ),
  },
  responses: { 201: json(Account, 'Created') },
  errors: { 409: 'CONFLICT: the email is taken' },
});

const patchRoute = route('patch', '/api/users/{id}', {
  summary: 'Change roles, name, or disable/enable an account (disabling ends its sessions)',
  request: {
    params: IdParam,
    body: jsonBody(
      z
        .object({
          name: z.string().trim().min(1).max(200).optional(),
          roles: Roles.optional(),
          disabled: z.boolean().optional(),
        })
        .strict(),
    ),
  },
  responses: { 200: json(Account, 'Updated') },
  errors: { 404: 'NOT_FOUND', 409: 'CONFLICT: would leave no enabled admin' },
});

const resetTotpRoute = route('post', '/api/users/{id}/reset-totp', {
  summary: "Clear an account's second factor (a lost phone); its sessions end",
  request: { params: IdParam },
  responses: { 200: json(Account, 'Reset') },
  errors: { 404: 'NOT_FOUND' },
});

const resetPasswordRoute = route('post', '/api/users/{id}/reset-password', {
  summary: "Give a local account a new password, generated and shown this once; the account's sessions end",
  request: { params: IdParam },
  responses: {
    200: json(z.object({ account: Account, password: z.string() }), 'Reset: hand the password over'),
  },
  errors: { 404: 'NOT_FOUND', 409: 'CONFLICT: an SSO-only account has no password' },
});

export function usersRoutes(deps: UsersDeps) {
  const router = createRouter();
  router.openapi(listRoute, async (c) => c.json(await listUsers(deps.db, c.req.valid('query').cursor), 200));
  router.openapi(createUserRoute, async (c) => {
    const user = await createUser(deps, c.req.valid('json'), auditContext(c));
    return c.json(accountView(user), 201);
  });
  router.openapi(patchRoute, async (c) => {
    const user = await updateUser(deps, c.req.valid('param').id, c.req.valid('json'), auditContext(c));
    return c.json(accountView(await withLastLogin(deps.db, user)), 200);
  });
  router.openapi(resetTotpRoute, async (c) => {
    const user = await resetTotp(deps, c.req.valid('param').id, auditContext(c));
    return c.json(accountView(await withLastLogin(deps.db, user)), 200);
  });
  router.openapi(resetPasswordRoute, async (c) => {
    const { user, password } = await resetPassword(deps, c.req.valid('param').id, auditContext(c));
    c.header('Cache-Control', 'no-store');
    return c.json({ account: accountView(await withLastLogin(deps.db, user)), password }, 200);
  });
  return router;
}
