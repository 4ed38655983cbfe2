import { createRoute, type RouteConfig, type z } from '@hono/zod-openapi';

/**
 * The OpenAPI pieces every route file declares its routes with: one place, so the document describes
 * every JSON answer and every error the same way.
 */

/**
 * A route: `route('get', '/api/sessions/{id}', {summary, request, responses})`, read like Hono's own
 * `app.get(path)`. The same object `createRoute` takes, with the method and path first.
 */
export const route = <
  M extends RouteConfig['method'],
  P extends string,
  S extends Omit<RouteConfig, 'method' | 'path'>,
>(
  method: M,
  path: P,
  spec: S,
) => createRoute({ ...spec, method, path });

/** A JSON response with its schema. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** A required JSON request body. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

/**
 * An error response: the `{error: {code, message, requestId}}` envelope of `errorHandler`. The description
 * names the codes (SCREAMING_SNAKE) a client may branch on.
 */
export const errorResponse = (description: string) => ({ description });
