import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The one error type. `code` is what clients and tests rely on; `message` is for people. */
export const ERROR_STATUS = {
  VALIDATION: 400,
  WEAK_PASSWORD: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  TOTP_REQUIRED: 401,
  INVALID_SIGNATURE: 401,
  FORBIDDEN: 403,
  CSRF: 403,
  TOTP_ENROLLMENT_REQUIRED: 403,
  NOT_FOUND: 404,
  NO_NEXT_CASE: 404,
  CONFLICT: 409,
  CLAIMED_BY_OTHER: 409,
  CLAIM_REQUIRED: 409,
  STATUS_NOT_ELIGIBLE: 409,
  DECISION_PENDING: 409,
  FOUR_EYES_SAME_REVIEWER: 403,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PRECONDITION_FAILED: 412,
  UNPROCESSABLE: 422,
  DIDIT_REJECTED: 422,
  SHARE_TOKEN_INVALID: 422,
  SHARE_TOKEN_REJECTED: 409,
  SHARE_TOKEN_MALFORMED: 422,
  SHARE_TOKEN_EXPIRED: 422,
  SHARE_TOKEN_WRONG_APPLICATION: 422,
  SHARE_TOKEN_NOT_FOR_US_OR_USED: 409,
  SHARE_SOURCE_GONE: 410,
  IMPORT_WORKFLOW_NOT_FOUND: 422,
  SESSION_NOT_SHAREABLE: 409,
  SHARE_TO_OWN_APPLICATION: 422,
  BATCH_TOKENS_GONE: 410,
  BATCH_KEY_INVALID: 403,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  DIDIT_ERROR: 502,
  DIDIT_UNAVAILABLE: 503,
  UNAVAILABLE: 503,
  TIMEOUT: 408,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): ContentfulStatusCode {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
