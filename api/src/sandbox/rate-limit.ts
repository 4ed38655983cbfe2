import type { MiddlewareHandler } from 'hono';
import { ApiError } from './http.ts';

interface RateLimits {
  get: number;
  write: number;
}

const WINDOW_MS = 60_000;

/**
 * docs/didit.md §7: per API key, two independent 60-second sliding windows, `generic-get` for GET and `generic-write`
 * for POST/PATCH/DELETE. The `X-RateLimit-*` headers and `Retry-After` come only with the 429.
 */
export function rateLimiter(limits: RateLimits, now: () => number): MiddlewareHandler {
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
    await next();
  };
}
