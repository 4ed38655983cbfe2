import type { Role } from '../platform/config.ts';

/**
 * Sandbox mode only: one account per role (and a second reviewer for four-eyes and claim tests), with a
 * known password that the login page lists. They never exist outside sandbox mode.
 */
export const DEMO_PASSWORD = 'sandbox-demo-password';

export const DEMO_ACCOUNTS = [
  { email: 'admin@sandbox.test', name: 'Ada Admin', roles: ['admin'] },
  { email: 'reviewer@sandbox.test', name: 'Rui Reviewer', roles: ['reviewer'] },
  { email: 'reviewer2@sandbox.test', name: 'Rhea Second-Reviewer', roles: ['reviewer'] },
  { email: 'partner@sandbox.test', name: 'Pat Partner-Manager', roles: ['partner_manager'] },
  { email: 'auditor@sandbox.test', name: 'Aud Auditor', roles: ['auditor'] },
] as const satisfies readonly { email: string; name: string; roles: readonly Role[] }[];
