import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import {
  DIDIT_ERROR_KINDS,
  DiditError,
  type DiditErrorKind,
  detailFromBody,
  kindForStatus,
  parseRateLimitReset,
  parseRetryAfter,
  toAppError,
} from './errors.ts';

const NOW = Date.parse('2026-03-01T12:00:00Z');

describe('kindForStatus', () => {
  it.each([
    [400, false, 'bad_request'],
    [401, false, 'auth'],
    [403, false, 'auth'],
    [404, false, 'not_found'],
    [409, false, 'bad_request'],
    [429, false, 'rate_limited'],
    [500, false, 'server'],
    [504, false, 'server'],
    [301, false, 'invalid_response'],
    [401, true, 'invalid_share_token'],
    [403, true, 'forbidden'],
    [404, true, 'not_found'],
    [429, true, 'rate_limited'],
  ] as const)('%i (import-shared: %s) is %s', (status, importShared, kind) => {
    expect(kindForStatus(status, { importShared })).toBe(kind);
  });
});

describe('Retry-After and X-RateLimit-Reset', () => {
  it.each([
    ['7', 7],
    ['0', 0],
    ['1.2', 2],
    [new Date(NOW + 30_000).toUTCString(), 30],
    [new Date(NOW - 30_000).toUTCString(), 0],
    ['soon', undefined],
    [null, undefined],
  ])('Retry-After %s is %s s', (v, s) => expect(parseRetryAfter(v, NOW)).toBe(s));

  it('reads the reset as epoch seconds', () => {
    expect(parseRateLimitReset(String(NOW / 1000 + 12), NOW)).toBe(12);
    expect(parseRateLimitReset(String(NOW / 1000 - 5), NOW)).toBe(0);
    expect(parseRateLimitReset('x', NOW)).toBeUndefined();
  });
});

describe('detailFromBody', () => {
  it('takes DRF detail, summarizes field errors, and ignores non-JSON', () => {
    expect(detailFromBody('{"detail":"Not found."}')).toBe('Not found.');
    expect(detailFromBody('{"ttl_in_seconds":["Ensure this value is greater than or equal to 60."]}')).toBe(
      'ttl_in_seconds: Ensure this value is greater than or equal to 60.',
    );
    expect(detailFromBody('<html>oops</html>')).toBeUndefined();
    expect(detailFromBody('{"detail":"a\\nb\\u0000c"}')).toBe('a b c');
  });
});

describe('toAppError', () => {
  const cases: Record<DiditErrorKind, [string, number]> = {
    auth: ['DIDIT_ERROR', 502],
    not_found: ['NOT_FOUND', 404],
    invalid_share_token: ['SHARE_TOKEN_INVALID', 422],
    forbidden: ['SHARE_TOKEN_REJECTED', 409],
    bad_request: ['DIDIT_REJECTED', 422],
    rate_limited: ['RATE_LIMITED', 429],
    server: ['DIDIT_UNAVAILABLE', 503],
    timeout: ['DIDIT_UNAVAILABLE', 503],
    network: ['DIDIT_UNAVAILABLE', 503],
    invalid_response: ['DIDIT_ERROR', 502],
  };

  it.each(DIDIT_ERROR_KINDS.map((k) => [k, ...cases[k]] as const))(
    '%s becomes %s (%i)',
    (kind, code, status) => {
      const app = toAppError(
        new DiditError({ kind, endpoint: 'GET /v3/session/{id}/decision/', status: 418 }),
      );
      expect(app).toBeInstanceOf(AppError);
      expect(app.code).toBe(code);
      expect(app.status).toBe(status);
      expect(app.details).toMatchObject({ didit_kind: kind, didit_status: 418 });
    },
  );

  it('carries Retry-After on a rate limit', () => {
    const app = toAppError(
      new DiditError({ kind: 'rate_limited', endpoint: 'x', status: 429, retryAfterSeconds: 17 }),
    );
    expect(app.headers).toEqual({ 'Retry-After': '17' });
  });

  it('says plainly that the key lacks permission, and that a timed-out write may have applied', () => {
    expect(toAppError(new DiditError({ kind: 'auth', endpoint: 'x', status: 403 })).message).toMatch(
      /API key/,
    );
    expect(
      toAppError(new DiditError({ kind: 'timeout', endpoint: 'x', mayHaveApplied: true })).message,
    ).toMatch(/may or may not/);
  });

  it("keeps Didit's detail for a refusal", () => {
    const app = toAppError(
      new DiditError({ kind: 'bad_request', endpoint: 'x', status: 400, detail: 'Wrong Current Status' }),
    );
    expect(app.message).toContain('Wrong Current Status');
    expect(app.details).toMatchObject({ didit_detail: 'Wrong Current Status' });
  });
});
