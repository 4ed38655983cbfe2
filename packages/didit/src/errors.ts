export const DIDIT_ERROR_KINDS = [
  'auth',
  'not_found',
  'invalid_share_token',
  'forbidden',
  'bad_request',
  'rate_limited',
  'server',
  'timeout',
  'network',
  'invalid_response',
] as const;
export type DiditErrorKind = (typeof DIDIT_ERROR_KINDS)[number];

/** Didit's `detail` is its own message, not personal data; capped so a huge body cannot flood a log line. */
const MAX_DETAIL_LENGTH = 300;

interface DiditErrorInit {
  kind: DiditErrorKind;
  /** `METHOD /path/{template}`: no ids, no query, never a key or token. */
  endpoint: string;
  status?: number | undefined;
  detail?: string | undefined;
  retryAfterSeconds?: number | undefined;
  /**
   * True when a write may have taken effect although we got no answer we could read (timeout, network
   * failure after sending, 5xx). Callers of share/import must reconcile rather than repeat blindly.
   */
  mayHaveApplied?: boolean | undefined;
}

export class DiditError extends Error {
  readonly kind: DiditErrorKind;
  readonly endpoint: string;
  readonly status?: number;
  readonly detail?: string;
  readonly retryAfterSeconds?: number;
  readonly mayHaveApplied: boolean;

  constructor(init: DiditErrorInit) {
    const parts = [`Didit ${init.endpoint}: ${init.kind}`];
    if (init.status !== undefined) parts.push(`(HTTP ${init.status})`);
    if (init.detail) parts.push(`- ${init.detail}`);
    super(parts.join(' '));
    this.name = 'DiditError';
    this.kind = init.kind;
    this.endpoint = init.endpoint;
    if (init.status !== undefined) this.status = init.status;
    if (init.detail !== undefined) this.detail = init.detail;
    if (init.retryAfterSeconds !== undefined) this.retryAfterSeconds = init.retryAfterSeconds;
    this.mayHaveApplied = init.mayHaveApplied ?? false;
  }
}

export const isDiditError = (e: unknown): e is DiditError => e instanceof DiditError;

/**
 * DRF's generic permission answer: the same body for a missing, malformed or expired key and for a valid key
 * without the permission (shared/seeds/000_b83e0c24919b32a2.txt; docs/didit.md §1).
 */
const PERMISSION_DENIED_DETAIL = 'You do not have permission to perform this action.';

/**
 * Which kind a non-2xx status is. Auth failures on session endpoints are 403 (never 401, docs/didit.md §1);
 * import-shared is the exception: 401 = the share token is forged or expired, 403 = the token is not for this
 * application or was already imported here (docs/didit.md §2.9). An import 403 with DRF's generic permission body is the
 * API key's problem, not the token's: Didit refused before it looked at the token.
 */
export function kindForStatus(
  status: number,
  opts: { importShared?: boolean; detail?: string | undefined } = {},
): DiditErrorKind {
  if (opts.importShared) {
    if (status === 401) return 'invalid_share_token';
    if (status === 403) return opts.detail === PERMISSION_DENIED_DETAIL ? 'auth' : 'forbidden';
  }
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server';
  if (status >= 400) return 'bad_request';
  // 1xx/3xx (we never follow redirects: a redirect drops or leaks the key) and anything else unexpected.
  return 'invalid_response';
}

const JWT_LIKE = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*\.?[A-Za-z0-9_-]*/g;

/**
 * Didit's error text from a body: DRF `{"detail": "..."}`, or field errors `{"field": ["msg"]}`. Anything
 * that looks like a JWT and the given secrets are cut out before it is capped, so a share token or key that
 * a server echoes back never reaches a message or a log.
 */
export function detailFromBody(text: string, secrets: readonly string[] = []): string | undefined {
  let detail: string | undefined;
  try {
    const body: unknown = JSON.parse(text);
    if (body && typeof body === 'object' && !Array.isArray(body)) {
      const d = (body as Record<string, unknown>).detail;
      if (typeof d === 'string') detail = d;
      else {
        const fields = Object.entries(body as Record<string, unknown>)
          .map(([k, v]) => {
            const msgs = Array.isArray(v)
              ? v.filter((m) => typeof m === 'string')
              : typeof v === 'string'
                ? [v]
                : [];
            return msgs.length ? `${k}: ${msgs.join(' ')}` : undefined;
          })
          .filter((s): s is string => s !== undefined);
        if (fields.length) detail = fields.join('; ');
      }
    } else if (typeof body === 'string') detail = body;
  } catch {
    // Not JSON (an HTML error page from a proxy, a truncated body): no detail rather than someone's page.
  }
  if (detail === undefined) return undefined;
  return scrub(detail, secrets);
}

function scrub(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('[redacted]');
  out = out.replace(JWT_LIKE, '[redacted]');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we strip.
  out = out.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return out.length > MAX_DETAIL_LENGTH ? `${out.slice(0, MAX_DETAIL_LENGTH - 1)}…` : out;
}

/** Seconds to wait from `Retry-After` (delta-seconds or HTTP date). */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.ceil(Number(v));
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - nowMs) / 1000));
}

/** Seconds until `X-RateLimit-Reset` (epoch seconds, docs/didit.md §7). */
export function parseRateLimitReset(value: string | null, nowMs: number): number | undefined {
  if (value === null || !/^\d+(\.\d+)?$/.test(value.trim())) return undefined;
  return Math.max(0, Math.ceil(Number(value) - nowMs / 1000));
}
