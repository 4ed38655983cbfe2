import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { Readable } from 'node:stream';

/**
 * Where the media proxy may fetch images from: a capability the composition root hands the review feature
 * (the product never asks whether it runs against a sandbox).
 */
export interface MediaPolicy {
  /** `http:` links too (the local sandbox serves its specimens over plain http). */
  allowHttp: boolean;
  /** SVG may carry script: only the sandbox's own drawings are SVG. */
  allowSvg: boolean;
  /** Hosts a link may name: exact names or `*.suffix`; `any` for the sandbox. */
  hosts: readonly string[] | 'any';
  /** Loopback, private and link-local addresses (the sandbox listens on 127.0.0.1). */
  allowPrivateAddresses: boolean;
}

export const SANDBOX_MEDIA_POLICY: MediaPolicy = Object.freeze({
  allowHttp: true,
  allowSvg: true,
  hosts: 'any',
  allowPrivateAddresses: true,
});

export function strictMediaPolicy(hosts: readonly string[]): MediaPolicy {
  return Object.freeze({ allowHttp: false, allowSvg: false, hosts, allowPrivateAddresses: false });
}

/** Why a link was not fetched; never shown to the client (it answers one uniform error). */
class MediaRefused extends Error {}

/** Addresses no image of Didit's lives at: the machine itself, its networks, link-local, reserved. */
const BLOCKED = new net.BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  BLOCKED.addSubnet(prefix, bits, 'ipv4');
}
for (const [prefix, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const) {
  BLOCKED.addSubnet(prefix, bits, 'ipv6');
}

export function isBlockedAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return BLOCKED.check(address, 'ipv4');
  if (family !== 6) return true;
  // An IPv4 address written as IPv6 (::ffff:10.0.0.1) is checked as the IPv4 address it is.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return BLOCKED.check(mapped[1]!, 'ipv4');
  return BLOCKED.check(address, 'ipv6');
}

export function hostAllowed(host: string, hosts: MediaPolicy['hosts']): boolean {
  if (hosts === 'any') return true;
  const h = host.toLowerCase().replace(/\.$/, '');
  return hosts.some((p) => {
    const pattern = p.toLowerCase();
    return pattern.startsWith('*.')
      ? h.endsWith(pattern.slice(1)) && h.length > pattern.length - 1
      : h === pattern;
  });
}

/**
 * Resolves like the default lookup, but refuses a name any of whose addresses is blocked. It runs for the
 * very connection that is made, so a name cannot resolve to a public address for a check and to an
 * internal one for the connection (DNS rebinding).
 */
const guardedLookup: net.LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '', 4);
    const list = addresses as dns.LookupAddress[];
    if (list.length === 0 || list.some((a) => isBlockedAddress(a.address))) {
      return callback(new MediaRefused('address not allowed'), '', 4);
    }
    if ((options as dns.LookupOptions).all)
      (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    else callback(null, list[0]!.address, list[0]!.family);
  });
};

export interface MediaResponse {
  status: number;
  contentType: string;
  contentLength: string | null;
  body: ReadableStream<Uint8Array>;
  cancel(): void;
}

/**
 * GETs one media link under the policy: scheme, host and (after DNS) address are checked before a byte is
 * sent; redirects are not followed. Throws MediaRefused for anything the policy refuses.
 */
export function fetchMediaLink(url: URL, policy: MediaPolicy, timeoutMs: number): Promise<MediaResponse> {
  if (!(url.protocol === 'https:' || (policy.allowHttp && url.protocol === 'http:'))) {
    return Promise.reject(new MediaRefused('scheme not allowed'));
  }
  if (url.username || url.password) return Promise.reject(new MediaRefused('credentials in link'));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!hostAllowed(host, policy.hosts)) return Promise.reject(new MediaRefused('host not allowed'));
  if (!policy.allowPrivateAddresses && net.isIP(host) && isBlockedAddress(host)) {
    return Promise.reject(new MediaRefused('address not allowed'));
  }
  const get = url.protocol === 'https:' ? https.get : http.get;
  return new Promise((resolve, reject) => {
    const req = get(
      url,
      {
        timeout: timeoutMs,
        agent: false,
        ...(policy.allowPrivateAddresses ? {} : { lookup: guardedLookup }),
        headers: { accept: 'image/*' },
      },
      (res) => {
        const stream = Readable.toWeb(res) as ReadableStream<Uint8Array>;
        resolve({
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type'] ?? ''),
          contentLength: res.headers['content-length'] ?? null,
          body: stream,
          cancel: () => res.destroy(),
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('media timeout')));
    req.on('error', reject);
  });
}
