import { type PyValue, pythonDumps } from '@console/didit/python-json';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type MediaSigner, refreshMediaUrls } from './media.ts';

/** An error answered as Didit's DRF backend would: a status and a JSON body (`{"detail": …}` or per field). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: PyValue,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body === 'object' && body && 'detail' in body ? String(body.detail) : `HTTP ${status}`);
  }
}

export const FORBIDDEN = 'You do not have permission to perform this action.';
export const NOT_FOUND = 'Not found.';

export const notFound = (detail = NOT_FOUND) => new ApiError(404, { detail });

const REASON: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden' };

/**
 * A refusal whose status Didit's page gives but whose body it does not show (share, import-shared): the
 * documented `{detail}` shape (https://docs.didit.me/integration/api-errors) with the status's reason phrase,
 * so nothing can come to depend on wording Didit never published (documented/errors.json `status_only`).
 * A 403 here is deliberately not DRF's generic permission body: that one means the API key.
 */
export const undocumented = (status: 400 | 401 | 403) => new ApiError(status, { detail: REASON[status]! });
export const badRequest = (body: PyValue) => new ApiError(400, body);
/** DRF's field-error shape: `{"field": ["message"]}`. */
export const fieldError = (field: string, message: string) => new ApiError(400, { [field]: [message] });

/** Serializes the Python way (sorted keys, `95.0`, raw non-ASCII) and re-signs media links. */
export function pyJson(
  c: Context,
  status: number,
  value: PyValue,
  signer?: MediaSigner,
  headers: Record<string, string> = {},
): Response {
  let body = pythonDumps(value);
  if (signer) body = refreshMediaUrls(body, signer);
  return c.body(body, status as ContentfulStatusCode, { 'content-type': 'application/json', ...headers });
}

/** The request body as a JSON object; DRF answers 400 for text that does not parse. */
export async function readJsonObject(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    throw badRequest({ detail: `JSON parse error - ${(err as Error).message}` });
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw badRequest({ non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] });
  }
  return v as Record<string, unknown>;
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Converts a request value (plain JSON) to a PyValue: JSON numbers that are whole become ints. */
export function toPy(v: unknown): PyValue {
  if (v === undefined) return null;
  return v as PyValue;
}

/** The origin a client reached us on, for absolute links (`next`, media) that work mounted or standalone. */
export function requestOrigin(c: Context): string {
  return new URL(c.req.url).origin;
}
