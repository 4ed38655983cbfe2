import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from '@hono/zod-openapi';
import { AppError } from '../errors.ts';
import { route } from '../http/openapi.ts';
import { createRouter } from '../http/router.ts';
import type { Metrics } from './metrics.ts';

const metricsRoute = route('get', '/metrics', {
  summary: 'Prometheus metrics (operators; Authorization: Bearer $METRICS_TOKEN)',
  responses: {
    200: { description: 'Prometheus text exposition', content: { 'text/plain': { schema: z.string() } } },
  },
  errors: {
    401: 'Missing or wrong bearer token',
    404: 'METRICS_TOKEN is not set: the endpoint does not exist',
  },
});

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Equal-length digests, so the comparison takes the same time whatever the caller sent. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header ?? '');
  return timingSafeEqual(digest(m?.[1] ?? ''), digest(token)) && m !== null;
}

/**
 * `/metrics` sits outside the console's cookie sign-in (a scraper has no user): it is `public` in the permission
 * table and checks its own bearer token here. With no token configured it does not exist at all.
 */
export function metricsRoutes(metrics: Metrics, token: string | undefined) {
  const router = createRouter();
  router.openapi(metricsRoute, async (c) => {
    if (token === undefined) throw new AppError('NOT_FOUND', 'No such route');
    if (!bearerMatches(c.req.header('authorization'), token)) {
      throw new AppError('UNAUTHENTICATED', 'Bearer token required', undefined, {
        'WWW-Authenticate': 'Bearer realm="metrics"',
      });
    }
    const { contentType, body } = await metrics.render();
    c.header('Cache-Control', 'no-store');
    return c.body(body, 200, { 'Content-Type': contentType }) as never;
  });
  return router;
}
