import { type Clock, systemClock } from './clock.ts';
import {
  DiditError,
  type DiditErrorKind,
  detailFromBody,
  kindForStatus,
  parseRateLimitReset,
  parseRetryAfter,
} from './errors.ts';
import {
  DiditRateLimiter,
  type RateBudget,
  type RateKind,
  RateWaitExceeded,
  realSleep,
  type Sleep,
} from './rate-limiter.ts';

/** One HTTP attempt, for metrics. `endpoint` is the path template (no ids), so label cardinality stays small. */
export interface DiditCallEvent {
  endpoint: string;
  method: string;
  status: number | 'timeout' | 'network';
  ms: number;
  waitedMs: number;
  attempt: number;
}

export interface DiditClientOptions {
  baseUrl: string;
  apiKey: string;
  /** Per attempt, from sending the request to the last byte of the body. */
  timeoutMs?: number;
  /**
   * Share one per API key (`rateLimiterFor`, or a `PostgresRateLimiter` shared by every process on the
   * database); without it the client gets a limiter of its own.
   */
  limiter?: RateBudget;
  clock?: Clock;
  sleep?: Sleep;
  /** Extra attempts for a GET after 429, 5xx, timeout, network failure or an unreadable body. */
  maxGetRetries?: number;
  onCall?: (e: DiditCallEvent) => void;
  /** First backoff step for GET retries; doubles per attempt, jittered, capped at `retryMaxDelayMs`. */
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  /** A write that got 429 is retried once, only if Didit asks us to wait at most this long. */
  maxWriteRetryWaitMs?: number;
  /**
   * How long a write (a reviewer's decision, a share) may wait for a slot in the shared budget before it
   * fails with `rate_limited` (nothing sent); under the server's 30 s request timeout.
   */
  maxWriteSlotWaitMs?: number;
  random?: () => number;
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface Call<T> {
  method: Method;
  /** `METHOD /path/{template}/` for errors and metrics. */
  endpoint: string;
  path: string;
  query?: URLSearchParams;
  body?: unknown;
  importShared?: boolean;
  /** Strings that must never reach an error message (share tokens). */
  secrets?: string[];
  /** Turns the parsed 2xx body into the result; throws a plain Error naming a field when the shape is wrong. */
  parse: (body: unknown, status: number) => T;
  /** 204 with an empty body is the documented answer. */
  emptyOk?: boolean;
  /** A 2xx body is bytes (generate-pdf), handed to `binaryParse` instead of `parse`. */
  binaryParse?: (bytes: Uint8Array, headers: Headers) => T;
}

type Outcome =
  | { type: 'response'; status: number; headers: Headers; text: string; bytes?: Uint8Array; ms: number }
  | { type: 'timeout'; ms: number }
  | { type: 'network'; ms: number; beforeSending: boolean };

type Verdict<T> =
  | { ok: true; value: T }
  | { ok: false; error: DiditError; retryable: boolean; pauseMs?: number | undefined };

/** When Didit sends a 429 with neither Retry-After nor X-RateLimit-Reset: its guidance starts at 5 s (docs/didit.md §7). */
const DEFAULT_429_PAUSE_MS = 5_000;
/** A reset far in the future is clock skew, not advice: a sliding minute frees a slot within 60 s. */
const MAX_RESET_SECONDS = 61;
const MAX_PAUSE_SECONDS = 900;
/** Connection errors that prove the request never left: safe to call "not applied". */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** HTTP, limiter, timeouts, retries and error mapping for every Didit call; `DiditClient` names the endpoints. */
export class DiditTransport {
  readonly limiter: RateBudget;
  private readonly baseUrl: string;
  private readonly apiKey: string;
  private readonly timeoutMs: number;
  private readonly clock: Clock;
  private readonly sleep: Sleep;
  private readonly maxGetRetries: number;
  private readonly onCall: ((e: DiditCallEvent) => void) | undefined;
  private readonly retryBaseDelayMs: number;
  private readonly retryMaxDelayMs: number;
  private readonly maxWriteRetryWaitMs: number;
  private readonly maxWriteSlotWaitMs: number;
  private readonly random: () => number;

  constructor(opts: DiditClientOptions) {
    if (!opts.apiKey) throw new TypeError('apiKey is required');
    this.baseUrl = new URL(opts.baseUrl).toString().replace(/\/+$/, '');
    this.apiKey = opts.apiKey;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.clock = opts.clock ?? systemClock;
    this.sleep = opts.sleep ?? realSleep;
    this.limiter = opts.limiter ?? new DiditRateLimiter({ clock: this.clock, sleep: this.sleep });
    this.maxGetRetries = opts.maxGetRetries ?? 4;
    this.onCall = opts.onCall;
    this.retryBaseDelayMs = opts.retryBaseDelayMs ?? 250;
    this.retryMaxDelayMs = opts.retryMaxDelayMs ?? 8_000;
    this.maxWriteRetryWaitMs = opts.maxWriteRetryWaitMs ?? 10_000;
    this.maxWriteSlotWaitMs = opts.maxWriteSlotWaitMs ?? 25_000;
    this.random = opts.random ?? Math.random;
  }

  /**
   * GETs are safe to repeat: retried with jittered exponential backoff on 429, 5xx, timeout, network failure
   * and unreadable bodies. Writes (create, update-status, share, import, AML, destinations) are never repeated
   * after an answer we could not read or a 5xx, because Didit may have acted (share mints a second token;
   * import is refused the second time with 403 "already imported"); the error says `mayHaveApplied`.
   *
   * The one exception is a 429 on a write. Didit's throttle (the `generic-write` scope, and the 30-second
   * guard on repeated backend-only resubmissions) refuses the request before the view runs, so a 429 means
   * nothing was written and repeating it after the wait Didit names is not a blind retry. We repeat it once,
   * and only when that wait is short (`maxWriteRetryWaitMs`), so a reviewer's request is not held for a
   * minute; otherwise the caller gets `rate_limited` with `retryAfterSeconds`.
   */
  async request<T>(call: Call<T>): Promise<T> {
    const kind: RateKind = call.method === 'GET' ? 'get' : 'write';
    const maxAttempts = call.method === 'GET' ? 1 + Math.max(0, this.maxGetRetries) : 2;
    for (let attempt = 1; ; attempt++) {
      const waitedMs = await this.acquire(call, kind);
      const outcome = await this.send(call);
      this.report(call, outcome, waitedMs, attempt);
      const verdict = this.judge(call, outcome, attempt);
      if (verdict.ok) return verdict.value;
      const { error } = verdict;
      if (verdict.pauseMs !== undefined) this.limiter.pauseFor(verdict.pauseMs);
      if (!verdict.retryable || attempt >= maxAttempts) throw error;
      if (call.method !== 'GET') {
        if (error.kind !== 'rate_limited' || (verdict.pauseMs ?? 0) > this.maxWriteRetryWaitMs) throw error;
        continue; // the limiter's pause is the wait
      }
      if (error.kind !== 'rate_limited') await this.sleep(this.backoff(attempt));
    }
  }

  /** A GET waits as long as the budget needs; a write waits up to `maxWriteSlotWaitMs`, then fails unsent. */
  private async acquire(call: Call<unknown>, kind: RateKind): Promise<number> {
    try {
      return await this.limiter.acquire(kind, kind === 'write' ? { maxWaitMs: this.maxWriteSlotWaitMs } : {});
    } catch (e) {
      if (!(e instanceof RateWaitExceeded)) throw e;
      throw new DiditError({
        kind: 'rate_limited',
        endpoint: call.endpoint,
        detail: "Didit's write budget for this API key is spent for now",
        retryAfterSeconds: Math.max(1, Math.ceil(e.retryAfterMs / 1000)),
      });
    }
  }

  private async send(call: Call<unknown>): Promise<Outcome> {
    const url = `${this.baseUrl}${call.path}${call.query?.size ? `?${call.query}` : ''}`;
    const headers: Record<string, string> = {
      'x-api-key': this.apiKey,
      accept: call.binaryParse ? 'application/pdf, application/json' : 'application/json',
    };
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    const started = performance.now();
    const ms = () => Math.round((performance.now() - started) * 10) / 10;
    let gotHeaders = false;
    try {
      const res = await fetch(url, {
        method: call.method,
        headers,
        body: call.body === undefined ? null : JSON.stringify(call.body),
        signal: controller.signal,
        // A redirect (e.g. a missing trailing slash, 301) would resend or drop the key elsewhere: surface it.
        redirect: 'manual',
      });
      gotHeaders = true;
      if (call.binaryParse && res.ok) {
        const bytes = new Uint8Array(await res.arrayBuffer());
        return { type: 'response', status: res.status, headers: res.headers, text: '', bytes, ms: ms() };
      }
      const text = await res.text();
      return { type: 'response', status: res.status, headers: res.headers, text, ms: ms() };
    } catch (e) {
      if (controller.signal.aborted) return { type: 'timeout', ms: ms() };
      const code = errorCode(e);
      return {
        type: 'network',
        ms: ms(),
        beforeSending: !gotHeaders && code !== undefined && NOT_SENT_CODES.has(code),
      };
    } finally {
      clearTimeout(timer);
    }
  }

  private report(call: Call<unknown>, o: Outcome, waitedMs: number, attempt: number) {
    if (!this.onCall) return;
    const status = o.type === 'response' ? o.status : o.type;
    try {
      this.onCall({ endpoint: call.endpoint, method: call.method, status, ms: o.ms, waitedMs, attempt });
    } catch {
      // Metrics must never break a call.
    }
  }

  private judge<T>(call: Call<T>, o: Outcome, attempt: number): Verdict<T> {
    const isGet = call.method === 'GET';
    const fail = (kind: DiditErrorKind, extra: Partial<ConstructorParameters<typeof DiditError>[0]> = {}) =>
      new DiditError({ kind, endpoint: call.endpoint, ...extra });
    if (o.type === 'timeout') {
      return { ok: false, retryable: isGet, error: fail('timeout', { mayHaveApplied: !isGet }) };
    }
    if (o.type === 'network') {
      return {
        ok: false,
        retryable: isGet,
        error: fail('network', { mayHaveApplied: !isGet && !o.beforeSending }),
      };
    }
    const { status } = o;
    if (status >= 200 && status < 300) {
      try {
        if (call.binaryParse && o.bytes) return { ok: true, value: call.binaryParse(o.bytes, o.headers) };
        const empty = o.text.trim() === '';
        if (empty && !call.emptyOk) throw new Error('empty body');
        const value = call.parse(empty ? undefined : JSON.parse(o.text), status);
        return { ok: true, value };
      } catch (e) {
        const detail =
          e instanceof SyntaxError ? 'body is not valid JSON' : e instanceof Error ? e.message : undefined;
        // A write that answered 2xx did happen, even if we cannot read what it said.
        const error = fail('invalid_response', { status, detail, mayHaveApplied: !isGet });
        return { ok: false, retryable: isGet, error };
      }
    }
    const secrets = [this.apiKey, ...(call.secrets ?? [])];
    const detail = detailFromBody(o.text, secrets);
    const kind = kindForStatus(status, { importShared: call.importShared === true, detail });
    if (kind === 'rate_limited') {
      const retryAfterSeconds = this.retryAfter(o.headers);
      const pauseMs =
        retryAfterSeconds !== undefined
          ? retryAfterSeconds * 1000
          : this.jitter(DEFAULT_429_PAUSE_MS * 2 ** Math.min(attempt - 1, 4));
      const error = fail('rate_limited', {
        status,
        detail,
        retryAfterSeconds: retryAfterSeconds ?? Math.ceil(pauseMs / 1000),
      });
      return { ok: false, retryable: true, error, pauseMs };
    }
    if (kind === 'server') {
      return {
        ok: false,
        retryable: isGet,
        error: fail('server', { status, detail, mayHaveApplied: !isGet }),
      };
    }
    return { ok: false, retryable: false, error: fail(kind, { status, detail }) };
  }

  /** Didit sends both on a 429 (docs/didit.md §7); honour the later of the two, within sane bounds. */
  private retryAfter(headers: Headers): number | undefined {
    const now = this.clock.now().getTime();
    const ra = parseRetryAfter(headers.get('retry-after'), now);
    const reset = parseRateLimitReset(headers.get('x-ratelimit-reset'), now);
    if (ra === undefined && reset === undefined) return undefined;
    const seconds = Math.max(ra ?? 0, Math.min(reset ?? 0, MAX_RESET_SECONDS));
    return Math.min(seconds, MAX_PAUSE_SECONDS);
  }

  private backoff(attempt: number): number {
    return this.jitter(Math.min(this.retryMaxDelayMs, this.retryBaseDelayMs * 2 ** (attempt - 1)));
  }

  /** "Equal jitter": half the step is fixed, half random, so retries spread out but never fire at once. */
  private jitter(ms: number): number {
    return Math.round(ms / 2 + this.random() * (ms / 2));
  }
}

function errorCode(e: unknown): string | undefined {
  const cause = (e as { cause?: { code?: unknown } } | undefined)?.cause;
  const code = cause?.code ?? (e as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}
