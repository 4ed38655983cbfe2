import type { IncomingMessage, Server, ServerOptions, ServerResponse } from 'node:http';

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

/**
 * Graceful close that finishes under load. `server.close()` stops accepting and waits for every connection
 * to end, but a keep-alive client that keeps sending (Didit retrying, a busy console) reuses its connection
 * for ever, so the close never completes and the process is killed with its job leases still held. Once
 * closing: every response says `Connection: close`, and connections are closed as they fall idle. Requests
 * already in flight finish and are answered.
 */
export function closeGracefully(server: Server, sweepMs = 250): Promise<void> {
  server.on('request', (_req: IncomingMessage, res: ServerResponse) => res.setHeader('Connection', 'close'));
  const sweep = setInterval(() => server.closeIdleConnections(), sweepMs);
  return new Promise<void>((resolve) => {
    server.close(() => {
      clearInterval(sweep);
      resolve();
    });
    server.closeIdleConnections();
  });
}
