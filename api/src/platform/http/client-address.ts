import { BlockList, isIP } from 'node:net';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './app-env.ts';

/**
 * `TRUSTED_PROXIES`: the load balancers whose `X-Forwarded-For` names the client. Anyone can send that
 * header, so it is read only when the TCP peer is one of these; then the hops are walked from the right
 * (each proxy appends the address it saw) and the first one that is not a trusted proxy is the client.
 */
export class TrustedProxies {
  private readonly list = new BlockList();
  readonly size: number;

  constructor(entries: readonly string[]) {
    for (const e of entries) {
      const parsed = parseProxyEntry(e);
      if (!parsed) throw new RangeError(`not an IP address or CIDR: "${e}"`);
      if (parsed.prefix === undefined) this.list.addAddress(parsed.address, parsed.family);
      else this.list.addSubnet(parsed.address, parsed.prefix, parsed.family);
    }
    this.size = entries.length;
  }

  trusts(address: string): boolean {
    const family = isIP(address);
    if (family === 0) return false;
    return this.list.check(address, family === 4 ? 'ipv4' : 'ipv6');
  }

  /**
   * The client address for a request that reached us from `peer` with this `X-Forwarded-For` (all its
   * values, comma-joined). The rightmost hop that is not a trusted proxy; a malformed hop ends the walk at
   * the last address a trusted proxy vouched for, so a client cannot inject text or skip past the proxies.
   */
  clientAddress(peer: string | null, forwardedFor: string | undefined): string | null {
    const from = peer === null ? null : normalise(peer);
    if (from === null || this.size === 0 || !forwardedFor || !this.trusts(from)) return from;
    let client = from;
    const hops = forwardedFor.split(',');
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = normalise(hops[i]!.trim());
      if (hop === null) return client;
      client = hop;
      if (!this.trusts(hop)) return hop;
    }
    return client;
  }
}

/** `10.0.0.0/8`, `2001:db8::/32`, `192.0.2.7`, `::1`; undefined when malformed. */
export function parseProxyEntry(
  entry: string,
): { address: string; family: 'ipv4' | 'ipv6'; prefix?: number } | undefined {
  const [address, prefixText, extra] = entry.trim().split('/');
  if (!address || extra !== undefined) return undefined;
  const family = isIP(address);
  if (family === 0) return undefined;
  const fam = family === 4 ? 'ipv4' : 'ipv6';
  if (prefixText === undefined) return { address, family: fam };
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > (family === 4 ? 32 : 128)) return undefined;
  return { address, family: fam, prefix };
}

/** A plain IP (an IPv4-mapped IPv6 peer as IPv4), or null for anything else (ports, names, garbage). */
function normalise(address: string): string | null {
  const a = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
  return isIP(a) === 0 ? null : a;
}

/** Sets `c.var.clientAddress` once per request, for sign-in throttling, login sessions and the audit log. */
export function clientAddressMiddleware(proxies: TrustedProxies) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
    const peer = env?.incoming?.socket?.remoteAddress ?? null;
    const forwarded = c.req.raw.headers.get('x-forwarded-for') ?? undefined;
    c.set('clientAddress', proxies.clientAddress(peer, forwarded));
    await next();
  });
}
