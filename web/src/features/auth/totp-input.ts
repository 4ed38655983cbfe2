/** A six-digit authenticator code: the phone's number pad, the browser's one-time-code autofill. */
export const TOTP_INPUT = {
  className: 'mono',
  inputMode: 'numeric',
  autoComplete: 'one-time-code',
  pattern: '[0-9]{6}',
  maxLength: 6,
  required: true,
} as const;
