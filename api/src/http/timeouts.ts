import type { ServerOptions } from 'node:http';

/**
 * How long a client may take, so a slow-loris client (headers or body trickled a byte at a time, or an idle
 * keep-alive socket) cannot hold a connection and, with enough of them, the server.
 */
export interface ServerTimeouts {
  /** Until the request line and every header have arrived. */
  headersTimeoutMs: number;
  /**
   * Until the whole request, body included, has arrived: the body-read bound. Webhook bodies are capped at
   * 1 MiB, which even a slow link sends in a few seconds.
   */
  requestTimeoutMs: number;
  /** An idle keep-alive socket between requests. */
  keepAliveTimeoutMs: number;
  /** How often Node sweeps connections for the two limits above; the effective limit is up to this much later. */
  checkIntervalMs: number;
}

export const DEFAULT_SERVER_TIMEOUTS: ServerTimeouts = Object.freeze({
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  checkIntervalMs: 1_000,
});

/** Options for `http.createServer` (via `serve({ serverOptions })`). */
export function serverTimeoutOptions(t: ServerTimeouts = DEFAULT_SERVER_TIMEOUTS): ServerOptions {
  if (!(t.headersTimeoutMs <= t.requestTimeoutMs)) {
    throw new RangeError('headersTimeoutMs must not exceed requestTimeoutMs');
  }
  return {
    headersTimeout: t.headersTimeoutMs,
    requestTimeout: t.requestTimeoutMs,
    keepAliveTimeout: t.keepAliveTimeoutMs,
    connectionsCheckingInterval: t.checkIntervalMs,
  };
}
