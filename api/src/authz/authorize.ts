import { createMiddleware } from 'hono/factory';
import { TrieRouter } from 'hono/router/trie-router';
import { AppError } from '../platform/errors.ts';
import type { AppEnv } from '../platform/http/app-env.ts';
import { PERMISSIONS, type Rule } from './permissions.ts';

/** Matches a request against the permission table with Hono's own router, so `:id` patterns line up. */
function createRuleMatcher(table: Record<string, Rule> = PERMISSIONS) {
  const router = new TrieRouter<Rule>();
  for (const [key, rule] of Object.entries(table)) {
    const [method, path] = key.split(' ') as [string, string];
    router.add(method, path, rule);
  }
  return (method: string, path: string): Rule | undefined => {
    const [matches] = router.match(method === 'HEAD' ? 'GET' : method, path);
    return matches[0]?.[0];
  };
}

/**
 * Deny by default. `c.var.user` is set by the authentication middleware (auth feature) when a valid
 * session cookie came with the request; this only decides.
 */
export function authorize(isSpaPath: (method: string, path: string) => boolean) {
  const match = createRuleMatcher();
  return createMiddleware<AppEnv>(async (c, next) => {
    const rule = match(c.req.method, c.req.path);
    if (rule === undefined) {
      if (isSpaPath(c.req.method, c.req.path)) return next();
      throw new AppError('NOT_FOUND', 'No such route');
    }
    if (rule === 'public') return next();
    const user = c.get('user');
    if (!user) throw new AppError('UNAUTHENTICATED', 'Sign in first');
    if (rule === 'signed_in') return next();
    if (user.mustEnrollTotp) {
      throw new AppError('TOTP_ENROLLMENT_REQUIRED', 'Enrol a second factor before using the console');
    }
    if (!rule.some((role) => user.roles.includes(role))) {
      throw new AppError('FORBIDDEN', 'Your role does not allow this');
    }
    return next();
  });
}
