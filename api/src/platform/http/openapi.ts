import { createRoute, type RouteConfig, z } from '@hono/zod-openapi';

/**
 * The OpenAPI pieces every route file declares its routes with: one place, so the document describes
 * every JSON answer and every error the same way.
 */

/**
 * A route: `route('get', '/api/sessions/{id}', {summary, request, responses, errors})`, read like Hono's own
 * `app.get(path)`. The object `createRoute` takes, with the method and path first, and the error answers
 * apart from the success ones: `errors: {404: 'NOT_FOUND', 409: 'CONFLICT: the email is taken'}`. Each is
 * the `{error: {code, message, requestId}}` envelope of `errorHandler`, described by the codes
 * (SCREAMING_SNAKE) a client may branch on; a handler never returns one (it throws an `AppError`), so
 * only `responses` types what a handler answers.
 */
export const route = <
  M extends RouteConfig['method'],
  P extends string,
  S extends Omit<RouteConfig, 'method' | 'path'> & { errors?: Record<number, string> },
>(
  method: M,
  path: P,
  { errors = {}, ...spec }: S,
) => {
  const described = Object.fromEntries(
    Object.entries(errors).map(([status, description]) => [status, { description }]),
  );
  return createRoute({
    ...(spec as Omit<S, 'errors'>),
    responses: { ...spec.responses, ...described } as S['responses'] & {
      [status in keyof S['errors']]: { description: string };
    },
    method,
    path,
  });
};

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
 * A keyset page (`pageOf` in platform/db/pagination): the items and the opaque cursor of the next page, null
 * on the last one. `.extend()` it for what a list adds (the people an audit page names).
 */
export const keysetPage = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), next_cursor: z.string().nullable() });
