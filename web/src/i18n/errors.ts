import type { MessageKey } from './catalog.ts';
import { translate } from './current.ts';

/**
 * The server's error codes (the API's platform/errors.ts) in the console's language. The code is the contract; the
 * server's English message stays for API clients and logs, the web shows these.
 */
const ERRORS = {
  VALIDATION: 'errors.VALIDATION',
  WEAK_PASSWORD: 'errors.WEAK_PASSWORD',
  UNAUTHENTICATED: 'errors.UNAUTHENTICATED',
  INVALID_CREDENTIALS: 'errors.INVALID_CREDENTIALS',
  TOTP_REQUIRED: 'errors.TOTP_REQUIRED',
  INVALID_SIGNATURE: 'errors.INVALID_SIGNATURE',
  FORBIDDEN: 'errors.FORBIDDEN',
  CSRF: 'errors.CSRF',
  TOTP_ENROLLMENT_REQUIRED: 'errors.TOTP_ENROLLMENT_REQUIRED',
  NOT_FOUND: 'errors.NOT_FOUND',
  NO_NEXT_CASE: 'errors.NO_NEXT_CASE',
  CONFLICT: 'errors.CONFLICT',
  CLAIMED_BY_OTHER: 'errors.CLAIMED_BY_OTHER',
  CLAIM_REQUIRED: 'errors.CLAIM_REQUIRED',
  STATUS_NOT_ELIGIBLE: 'errors.STATUS_NOT_ELIGIBLE',
  DECISION_PENDING: 'errors.DECISION_PENDING',
  LEGAL_HOLD: 'errors.LEGAL_HOLD',
  LEGAL_HOLD_ALREADY_SET: 'errors.LEGAL_HOLD_ALREADY_SET',
  LEGAL_HOLD_NOT_SET: 'errors.LEGAL_HOLD_NOT_SET',
  SESSION_ERASED: 'errors.SESSION_ERASED',
  FOUR_EYES_SAME_REVIEWER: 'errors.FOUR_EYES_SAME_REVIEWER',
  PAYLOAD_TOO_LARGE: 'errors.PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'errors.UNSUPPORTED_MEDIA_TYPE',
  PRECONDITION_FAILED: 'errors.PRECONDITION_FAILED',
  UNPROCESSABLE: 'errors.UNPROCESSABLE',
  DIDIT_REJECTED: 'errors.DIDIT_REJECTED',
  SHARE_TOKEN_INVALID: 'errors.SHARE_TOKEN_INVALID',
  SHARE_TOKEN_REJECTED: 'errors.SHARE_TOKEN_REJECTED',
  SHARE_TOKEN_MALFORMED: 'errors.SHARE_TOKEN_MALFORMED',
  SHARE_TOKEN_EXPIRED: 'errors.SHARE_TOKEN_EXPIRED',
  SHARE_TOKEN_WRONG_APPLICATION: 'errors.SHARE_TOKEN_WRONG_APPLICATION',
  SHARE_TOKEN_NOT_FOR_US_OR_USED: 'errors.SHARE_TOKEN_NOT_FOR_US_OR_USED',
  SHARE_SOURCE_GONE: 'errors.SHARE_SOURCE_GONE',
  IMPORT_WORKFLOW_NOT_FOUND: 'errors.IMPORT_WORKFLOW_NOT_FOUND',
  SESSION_NOT_SHAREABLE: 'errors.SESSION_NOT_SHAREABLE',
  SHARE_TO_OWN_APPLICATION: 'errors.SHARE_TO_OWN_APPLICATION',
  BATCH_TOKENS_GONE: 'errors.BATCH_TOKENS_GONE',
  BATCH_KEY_INVALID: 'errors.BATCH_KEY_INVALID',
  RATE_LIMITED: 'errors.RATE_LIMITED',
  INTERNAL: 'errors.INTERNAL',
  DIDIT_ERROR: 'errors.DIDIT_ERROR',
  DIDIT_UNAVAILABLE: 'errors.DIDIT_UNAVAILABLE',
  UNAVAILABLE: 'errors.UNAVAILABLE',
  TIMEOUT: 'errors.TIMEOUT',
  // Made by the web's API client, not the server.
  NETWORK: 'errors.NETWORK',
} as const satisfies Record<string, MessageKey>;

/**
 * What to tell a person about an API error: the catalog's words for its code, never the server's prose.
 * VALIDATION names the refused field (`details.issues[0].path`, a name from the API's own schema).
 */
export function errorCodeText(code: string, status: number, details?: Record<string, unknown>): string {
  const key = (ERRORS as Record<string, MessageKey>)[code];
  if (!key) return translate('errors.unknown_code', { code: code.slice(0, 60), status });
  const holder = (details?.holder as { name?: unknown } | undefined)?.name;
  if (code === 'CLAIMED_BY_OTHER' && typeof holder === 'string' && holder)
    return translate('errors.CLAIMED_BY_OTHER_NAMED', { name: holder });
  if (code === 'VALIDATION') {
    const issues = details?.issues;
    const path = Array.isArray(issues) ? (issues[0] as { path?: unknown } | undefined)?.path : undefined;
    if (typeof path === 'string' && path && path.length <= 80)
      return translate('errors.VALIDATION_FIELD', { field: path });
  }
  return translate(key);
}
