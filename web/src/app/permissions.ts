/**
 * The UI hides what a role may not do by reading the permission table the server enforces (packages/contract), so the two cannot
 * drift. Hiding is a courtesy: the server denies anyway.
 */
import { PERMISSIONS, type Rule } from '@console/contract/permissions';

export { ROLES, type Role } from '@console/contract/permissions';

const compiled = Object.entries(PERMISSIONS).map(([key, rule]) => {
  const [method, path] = key.split(' ') as [string, string];
  const pattern = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z_]+/g, '[^/]+');
  return { method, re: new RegExp(`^${pattern}$`), rule, literal: !path.includes(':') };
});

function findRule(method: string, path: string): Rule | undefined {
  // Literal paths win over parameterised ones, as in the server's router (`/review/pending` vs `/:id`).
  const matches = compiled.filter((c) => c.method === method && c.re.test(path));
  return (matches.find((m) => m.literal) ?? matches[0])?.rule;
}

/** May a user with these roles call `METHOD /path`? Unknown routes are denied, as on the server. */
export function can(roles: readonly string[] | undefined, method: string, path: string): boolean {
  if (!roles) return false;
  const rule = findRule(method.toUpperCase(), path);
  if (rule === undefined) return false;
  if (rule === 'public' || rule === 'signed_in') return true;
  return rule.some((r) => roles.includes(r));
}
