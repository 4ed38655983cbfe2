import pino from 'pino';

export type Logger = pino.Logger;

/**
 * Structured JSON logs. Nothing here ever receives a payload, token or password; the redact list is a
 * second line of defence for fields that might slip into an error object.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: [
          'password',
          '*.password',
          'token',
          '*.token',
          'share_token',
          '*.share_token',
          'secret',
          '*.secret',
          'apiKey',
          '*.apiKey',
          'headers.cookie',
          'headers.authorization',
          'headers["x-api-key"]',
          'body',
          '*.body',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
