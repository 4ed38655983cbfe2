import type { MiddlewareHandler } from 'hono';
import { ApiError } from './http.ts';

export interface RateLimits {
  get: number;
  write: number;
  /** Didit's window is 60 s; a test shrinks it (`pnpm sandbox --rate-window-ms`) to run in seconds. */
  windowMs?: number;
}

/** What the sandbox answered per scope: a test proves a budget was kept from these, counted on Didit's side. */
export interface RateLimitLog {
  limits: { get: number; write: number; windowMs: number };
  served: { get: number; write: number };
  throttled: { get: number; write: number };
  /** The most request starts seen in any one window, per scope (429s not counted). */
  maxInWindow: { get: number; write: number };
}

/**
 * docs/didit.md §7: per API key, two independent 60-second sliding windows, `generic-get` for GET and `generic-write`
 * for POST/PATCH/DELETE. The `X-RateLimit-*` headers and `Retry-After` come only with the 429.
 */
export function rateLimiter(limits: RateLimits, now: () => number, log?: RateLimitLog): MiddlewareHandler {
  const WINDOW_MS = limits.windowMs ?? 60_000;
  const hits = new Map<string, number[]>();
  return async (c, next) => {
    const key = c.req.header('x-api-key') ?? '';
    const scope = c.req.method === 'GET' || c.req.method === 'HEAD' ? 'get' : 'write';
    const limit = limits[scope];
    const bucketKey = `${scope}:${key}`;
    const t = now();
    let bucket = hits.get(bucketKey);
    if (!bucket) {
      bucket = [];
      hits.set(bucketKey, bucket);
    }
    let drop = 0;
    while (drop < bucket.length && bucket[drop]! <= t - WINDOW_MS) drop++;
    if (drop > 0) bucket.splice(0, drop);
    if (bucket.length >= limit) {
      if (log) log.throttled[scope]++;
      const freeAt = bucket[0]! + WINDOW_MS;
      const retryAfter = Math.max(1, Math.ceil((freeAt - t) / 1000));
      throw new ApiError(
        429,
        { detail: `Request was throttled. Expected available in ${retryAfter} seconds.` },
        {
          'Retry-After': String(retryAfter),
          'X-RateLimit-Limit': String(limit),
          'X-RateLimit-Remaining': '0',
          'X-RateLimit-Reset': String(Math.ceil(freeAt / 1000)),
        },
      );
    }
    bucket.push(t);
    if (log) {
      log.served[scope]++;
      log.maxInWindow[scope] = Math.max(log.maxInWindow[scope], bucket.length);
    }
    await next();
  };
}
