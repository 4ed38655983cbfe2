import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { AppError } from '../errors.ts';
import type { AppEnv } from './app-env.ts';

/** Every `/api` body is a small JSON document: a login, a comment, a filter. */
const API_BODY_LIMIT = 64 * 1024;

/**
 * Routes whose body is legitimately larger. A batch share names up to 2 × 500 session ids or vendor_data
 * values (≤ 1000 characters each): ~1 MB at its worst.
 */
const LARGER: Record<string, number> = {
  'POST /api/shares/batch': 2 * 1024 * 1024,
};

const tooLarge = (limit: number) => () => {
  throw new AppError('PAYLOAD_TOO_LARGE', `Body exceeds ${limit} bytes`);
};

const limiters = new Map<number, ReturnType<typeof bodyLimit>>();
const limiterFor = (limit: number) => {
  let l = limiters.get(limit);
  if (!l) {
    l = bodyLimit({ maxSize: limit, onError: tooLarge(limit) });
    limiters.set(limit, l);
  }
  return l;
};

/**
 * Refuses an oversized body with 413 before anything reads it into memory or parses it, and before
 * sign-in: from Content-Length when declared, else while the (chunked) body streams in. Mounted on
 * `/api/*`; the webhook intake has its own reader and limit (webhooks/raw-body.ts).
 */
export const apiBodyLimit = createMiddleware<AppEnv>(async (c, next) => {
  const limit = LARGER[`${c.req.method} ${c.req.path}`] ?? API_BODY_LIMIT;
  const declared = c.req.header('content-length');
  // A Content-Length that is not a plain number cannot be trusted to bound the read.
  if (declared !== undefined && !/^\s*\d+\s*$/.test(declared)) tooLarge(limit)();
  return limiterFor(limit)(c, next);
});
