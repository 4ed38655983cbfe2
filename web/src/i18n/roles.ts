import type { MessageKey } from './catalog.ts';
import { translate } from './current.ts';

/** The console's roles (ROLES in packages/contract) in the chosen language. */
const ROLE_LABEL: Record<string, MessageKey> = {
  admin: 'app.role.admin',
  reviewer: 'app.role.reviewer',
  partner_manager: 'app.role.partner_manager',
  auditor: 'app.role.auditor',
};

export function roleLabel(role: string): string {
  const key = ROLE_LABEL[role];
  return key ? translate(key) : role;
}

export function roleList(roles: readonly string[]): string {
  return roles.map(roleLabel).join(', ');
}
