import type { Context } from 'hono';
import type { AppEnv } from '../platform/http/app-env.ts';

/**
 * The client's address as `clientAddressMiddleware` derived it: the TCP peer (`@hono/node-server` passes the
 * Node request as `env.incoming`), or, behind a proxy named in TRUSTED_PROXIES, the hop it forwarded.
 * `X-Forwarded-For` from anyone else is ignored: anyone can send it.
 */
function clientAddress(c: Context<AppEnv>): string | null {
  const derived = c.get('clientAddress');
  if (derived !== undefined) return derived;
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  const addr = env?.incoming?.socket?.remoteAddress;
  if (!addr) return null;
  return addr.startsWith('::ffff:') ? addr.slice(7) : addr;
}

function userAgentOf(c: Context<AppEnv>): string | null {
  const ua = c.req.header('user-agent');
  return ua ? ua.slice(0, 512) : null;
}

export interface AuditContext {
  actor: { id: string | null; label: string };
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
}

/** Who is acting and from where, for `appendAudit({...auditContext(c), action, …})`. */
export function auditContext(c: Context<AppEnv>): AuditContext {
  const user = c.get('user');
  return {
    actor: user ? { id: user.id, label: user.email } : { id: null, label: 'anonymous' },
    requestId: c.get('requestId') ?? null,
    ip: clientAddress(c),
    userAgent: userAgentOf(c),
  };
}
