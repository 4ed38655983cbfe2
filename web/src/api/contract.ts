/**
 * The API's routes, typed from the contract (`@console/contract/openapi.gen`, generated from the API's own
 * OpenAPI document by `pnpm contract`). A path, its parameters, its body and its answer are checked by the
 * compiler against what the server declares, so the web neither re-declares nor re-parses its server's
 * answers. Calls go through `request` (client.ts): cookie, CSRF, prefetch and the error envelope as before.
 */
import type { paths } from '@console/contract/openapi.gen';
import { request } from './client.ts';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Paths = paths;
/** The paths that answer `method`. */
type PathsFor<M extends Method> = {
  [P in keyof Paths]: Paths[P][M] extends { responses: unknown } ? P : never;
}[keyof Paths];
type Op<P extends keyof Paths, M extends Method> = Extract<Paths[P][M], { responses: unknown }>;

type JsonContent<R> = R extends { content: { 'application/json': infer J } } ? J : undefined;
type Responses<O> = O extends { responses: infer R } ? R : never;
type SuccessStatus<O> = Extract<keyof Responses<O>, 200 | 201 | 202 | 204>;

/** What a route answers with `status` (its JSON), e.g. `ApiResponse<'/api/sessions', 'get'>`. */
export type ApiResponse<
  P extends PathsFor<M>,
  M extends Method,
  S extends SuccessStatus<Op<P, M>> = SuccessStatus<Op<P, M>>,
> = JsonContent<Responses<Op<P, M>>[S]>;

type PathParams<O> = O extends { parameters: { path: infer PP } } ? PP : never;
/** `withQuery` leaves out empty and null values, so URL state may pass '' for "not set". */
type LooseQuery<Q> = { [K in keyof Q]?: Q[K] | '' | null };
type Options<O> = {
  query?: O extends { parameters: { query?: infer Q } } ? LooseQuery<NonNullable<Q>> : never;
  body?: O extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
  signal?: AbortSignal;
} & ([PathParams<O>] extends [never] ? { path?: undefined } : { path: PathParams<O> });
/** The options argument is required when the path has parameters (`/api/users/{id}`). */
type Args<O> = [PathParams<O>] extends [never] ? [options?: Options<O>] : [options: Options<O>];

/** `/api/users/{id}` with `{id: 'a/b'}` → `/api/users/a%2Fb`. */
function routePath(template: string, params?: Record<string, string | number>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new Error(`missing path parameter ${name} for ${template}`);
    return encodeURIComponent(String(value));
  });
}

function call<M extends Method>(method: M) {
  return <P extends PathsFor<M>>(path: P, ...[options]: Args<Op<P, M>>): Promise<ApiResponse<P, M>> => {
    const o = (options ?? {}) as {
      path?: Record<string, string>;
      query?: object;
      body?: unknown;
      signal?: AbortSignal;
    };
    // A state-changing call always sends a JSON body (the server's CSRF and content-type checks expect one).
    const body = o.body ?? (method === 'post' ? {} : undefined);
    return request(method.toUpperCase(), routePath(path, o.path), {
      query: o.query as Record<string, string | number | boolean | undefined>,
      body,
      signal: o.signal,
    });
  };
}

/** `client.get('/api/sessions/{id}', {path: {id}})` answers the route's declared 2xx JSON. */
export const client = {
  get: call('get'),
  post: call('post'),
  put: call('put'),
  patch: call('patch'),
  delete: call('delete'),
};

/** For routes whose status carries meaning (200 decided vs 202 staged): the answer tagged by its status. */
export async function postWithStatus<P extends PathsFor<'post'>>(
  path: P,
  ...[options]: Args<Op<P, 'post'>>
): Promise<
  { [S in SuccessStatus<Op<P, 'post'>>]: { status: S; body: ApiResponse<P, 'post', S> } }[SuccessStatus<
    Op<P, 'post'>
  >]
> {
  const o = (options ?? {}) as { path?: Record<string, string>; body?: unknown };
  const res = await request<Response>('POST', routePath(path, o.path), { body: o.body ?? {}, raw: true });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined } as never;
}
