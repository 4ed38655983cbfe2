/**
 * The one way the SPA talks to the server. Sends the session cookie, adds the CSRF token on every
 * state-changing call, and turns the server's error envelope `{error:{code,message,requestId}}` into an
 * `ApiError` so callers branch on `code`, never on message text.
 */

import { translate } from '../i18n/current.ts';
import { errorCodeText } from '../i18n/errors.ts';
import { takePrefetched } from './prefetch.ts';

const CSRF_KEY = 'console.csrf';
let csrfToken: string | null = readStoredCsrf();

function readStoredCsrf(): string | null {
  try {
    return sessionStorage.getItem(CSRF_KEY);
  } catch {
    return null;
  }
}

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
  try {
    if (token) sessionStorage.setItem(CSRF_KEY, token);
    else sessionStorage.removeItem(CSRF_KEY);
  } catch {
    // sessionStorage may be unavailable (private mode); the in-memory copy still works for this tab.
  }
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

/**
 * Signals of requests the console makes on its own (polling). Such requests carry `X-Console-Background`
 * so the server does not count them as the person's activity (the login's idle timeout keeps running).
 */
const backgroundSignals = new WeakSet<AbortSignal>();
export function markBackground(signal: AbortSignal): void {
  backgroundSignals.add(signal);
}

type Listener = (error: ApiError) => void;
const authListeners = new Set<Listener>();

/** The app shell subscribes to learn when the session ended (401) or a second factor is owed. */
export function onAuthError(listener: Listener): () => void {
  authListeners.add(listener);
  return () => authListeners.delete(listener);
}

interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Return the raw Response (for 202 vs 200 decisions, downloads). */
  raw?: boolean;
  /** Extra request headers (e.g. a batch's key for its one download). */
  headers?: Record<string, string>;
}

async function parseError(res: Response): Promise<ApiError> {
  let code = `HTTP_${res.status}`;
  let message = res.statusText || 'Request failed';
  let requestId: string | undefined;
  let details: Record<string, unknown> | undefined;
  try {
    const body = (await res.json()) as {
      error?: { code?: string; message?: string; requestId?: string; details?: Record<string, unknown> };
    };
    if (body?.error) {
      code = body.error.code ?? code;
      message = body.error.message ?? message;
      requestId = body.error.requestId;
      details = body.error.details;
    }
  } catch {
    // Not JSON (a proxy's HTML page): keep the HTTP status as the code.
  }
  return new ApiError(res.status, code, message, requestId, details);
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (options.signal && backgroundSignals.has(options.signal)) headers['X-Console-Background'] = '1';
  const url = withQuery(path, options.query);
  let res: Response | undefined;
  if (method === 'GET' && !options.raw) res = await takePrefetched(url);
  try {
    res ??= await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK', 'The console server could not be reached');
  }
  if (!res.ok) {
    const error = await parseError(res);
    if (error.code === 'UNAUTHENTICATED' || error.code === 'TOTP_ENROLLMENT_REQUIRED') {
      for (const l of authListeners) l(error);
    }
    throw error;
  }
  if (options.raw) return res as unknown as T;
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * A failure in the person's language: an API error by its code (i18n/errors.ts; the server's English
 * `message` stays on the ApiError for logs). Pages raise their own `Error`s with already translated text.
 */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return errorCodeText(e.code, e.status, e.details);
  if (e instanceof Error && e.message) return e.message;
  return translate('errors.unexpected');
}
