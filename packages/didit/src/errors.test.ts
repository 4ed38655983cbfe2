import { describe, expect, it } from 'vitest';
import {
  DIDIT_ERROR_KINDS,
  DiditError,
  type DiditErrorKind,
  detailFromBody,
  kindForStatus,
  parseRateLimitReset,
  parseRetryAfter,
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
