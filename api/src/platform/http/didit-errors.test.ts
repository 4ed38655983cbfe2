import { DIDIT_ERROR_KINDS, DiditError, type DiditErrorKind } from '@console/didit/errors';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { toAppError } from './didit-errors.ts';

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
