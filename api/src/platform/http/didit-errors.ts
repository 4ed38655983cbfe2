import type { DiditError } from '@console/didit/errors';
import { isDiditError } from '@console/didit/errors';
import { AppError } from '../errors.ts';

/**
 * The one place a Didit failure becomes an HTTP answer. The console's own errors keep their codes; Didit's
 * refusals become codes the SPA can act on. A Didit 429 is answered 429 RATE_LIMITED with Retry-After on
 * every route (not 503): the caller learns when to come back, and a retry before then would only be refused
 * again. Timeouts, network failures and 5xx are 503 DIDIT_UNAVAILABLE so clients may retry.
 */
export function toAppError(err: DiditError): AppError {
  const details: Record<string, unknown> = { didit_status: err.status ?? null, didit_kind: err.kind };
  if (err.detail) details.didit_detail = err.detail;
  switch (err.kind) {
    case 'not_found':
      return new AppError('NOT_FOUND', 'Didit has no such resource for this application', details);
    case 'rate_limited': {
      const seconds = Math.max(1, err.retryAfterSeconds ?? 5);
      return new AppError('RATE_LIMITED', 'Didit rate limit reached; retry later', details, {
        'Retry-After': String(seconds),
      });
    }
    case 'auth':
      return new AppError(
        'DIDIT_ERROR',
        "Didit refused the console's API key: it is invalid or lacks the permission for this action (for example write:sessions)",
        details,
      );
    case 'invalid_share_token':
      return new AppError(
        'SHARE_TOKEN_INVALID',
        'The share token is invalid or has expired; ask for a new one',
        details,
      );
    case 'forbidden':
      return new AppError(
        'SHARE_TOKEN_REJECTED',
        'The share token is not for this application, or it was already imported here',
        details,
      );
    case 'bad_request':
      return new AppError(
        'DIDIT_REJECTED',
        err.detail ? `Didit refused: ${err.detail}` : 'Didit refused the request',
        details,
      );
    case 'invalid_response':
      return new AppError('DIDIT_ERROR', 'Didit sent a response the console could not read', details);
    case 'server':
    case 'timeout':
    case 'network':
      return new AppError(
        'DIDIT_UNAVAILABLE',
        err.mayHaveApplied
          ? 'Didit did not answer in time; the change may or may not have been applied'
          : 'Didit is unavailable; try again shortly',
        details,
      );
  }
}

/** For a catch block: a Didit failure becomes its HTTP answer, anything else is returned unchanged. */
export function fromDiditFailure(err: unknown): unknown {
  return isDiditError(err) ? toAppError(err) : err;
}
