import { randomUUID } from 'node:crypto';
import type { Context, ErrorHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import { AppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { AppEnv } from './app-env.ts';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Accepts a caller's request id only when it is short and plain, so it can't smuggle text into logs. */
export const requestId = createMiddleware<AppEnv>(async (c, next) => {
  const given = c.req.header('x-request-id');
  const id = given && REQUEST_ID.test(given) ? given : randomUUID();
  c.set('requestId', id);
  c.header('X-Request-Id', id);
  await next();
});

/** One line per request: method, route pattern, status, duration. Never the query, body or headers. */
export function accessLog(logger: Logger) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const start = performance.now();
    await next();
    logger.info(
      {
        requestId: c.get('requestId'),
        method: c.req.method,
        route: c.req.routePath,
        status: c.res.status,
        ms: Math.round((performance.now() - start) * 10) / 10,
        user: c.get('user')?.id,
      },
      'request',
    );
  });
}

const SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  [
    'Content-Security-Policy',
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https:; " +
      "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  ],
  ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'no-referrer'],
  ['X-Frame-Options', 'DENY'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Permissions-Policy', 'camera=(), microphone=(), geolocation=()'],
];

/**
 * The same headers on every response, overriding whatever a handler set (an API answer is never cached).
 * They are set before the handler runs, so the response it builds (`c.json`, `c.body`) carries them from the
 * start and stays @hono/node-server's light Response, written straight to the socket. Hono's `c.header` on
 * a finished response builds a new Response (and a full web Response behind it) per call: setting the nine
 * afterwards was a tenth of a webhook's CPU in the server. Afterwards they are only checked, and set again
 * when the handler's response lacks or changed one (one it built itself, or a `Cache-Control` of its own).
 */
export const securityHeaders = createMiddleware<AppEnv>(async (c, next) => {
  const headers = c.req.path.startsWith('/api/')
    ? [...SECURITY_HEADERS, ['Cache-Control', 'no-store'] as const]
    : SECURITY_HEADERS;
  for (const [name, value] of headers) c.header(name, value);
  await next();
  const sent = c.res.headers;
  if (headers.every(([name, value]) => sent.get(name) === value)) return;
  for (const [name, value] of headers) c.header(name, value);
});

export function errorBody(
  c: Context<AppEnv>,
  code: string,
  message: string,
  details?: Record<string, unknown>,
) {
  return { error: { code, message, requestId: c.get('requestId') ?? '', ...(details ? { details } : {}) } };
}

export function errorHandler(logger: Logger): ErrorHandler<AppEnv> {
  return (err, c) => {
    if (err instanceof AppError) {
      for (const [k, v] of Object.entries(err.headers ?? {})) c.header(k, v);
      return c.json(errorBody(c, err.code, err.message, err.details), err.status);
    }
    if (err instanceof HTTPException) {
      const status = err.status;
      const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 401 ? 'UNAUTHENTICATED' : 'VALIDATION';
      return c.json(errorBody(c, code, err.message || 'Bad request'), status);
    }
    // Postgres refuses NUL in text (SQLSTATE 22021; any other character a JS string holds encodes). Only the
    // client's input can carry one (a %00 in an id, a filter, a body field): its error, not ours.
    if ((err as { code?: unknown }).code === '22021') {
      return c.json(errorBody(c, 'VALIDATION', 'Text must not contain NUL characters'), 400);
    }
    // Only the error's class and message: a stack or cause could carry row data.
    logger.error(
      { requestId: c.get('requestId'), err: { type: err.name, message: err.message } },
      'unhandled',
    );
    return c.json(errorBody(c, 'INTERNAL', 'Something went wrong; the request id identifies it'), 500);
  };
}
