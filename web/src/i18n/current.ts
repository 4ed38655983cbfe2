import type { IntlShape } from 'react-intl';
import type { MessageKey } from './catalog.ts';

/**
 * The active catalog for code outside React (the API client's error messages, formatters). Set by
 * I18nProvider whenever the locale's catalog is loaded; components use `useT()` instead.
 */
let current: IntlShape | null = null;

export function setCurrentIntl(intl: IntlShape): void {
  current = intl;
}

export type MessageValues = Record<string, string | number | boolean | Date | null | undefined>;

export function translate(key: MessageKey, values?: MessageValues): string {
  // Before any catalog is loaded (nothing renders then) the id is better than a crash.
  return current ? formatMessage(current, key, values) : key;
}

/** Whether the active catalog has a message for `id` (for ids looked up by a value, i18n/didit.ts). */
export function hasMessage(id: string): boolean {
  return current?.messages[id] !== undefined;
}

type Format = (values: MessageValues | undefined) => string;
const compiled = new WeakMap<IntlShape, Map<string, Format>>();

/**
 * `intl.formatMessage({ id: key }, values)` for text, with each message compiled once per catalog. react-intl
 * builds a memo key (a JSON string of the message, locale and formats) and merges its options on every call:
 * 10–50 µs a message, and the queue's first 50 rows format about ten each. A compiled message formats in
 * about 1 µs. The answer is the same: the same compiled formatter, and react-intl's own call (its fallbacks
 * and error reporting) for a missing message, a missing value or a result that is not text.
 */
export function formatMessage(intl: IntlShape, key: string, values?: MessageValues): string {
  let byKey = compiled.get(intl);
  if (!byKey) {
    byKey = new Map();
    compiled.set(intl, byKey);
  }
  let format = byKey.get(key);
  if (!format) {
    format = compile(intl, key);
    byKey.set(key, format);
  }
  return format(values);
}

function compile(intl: IntlShape, key: string): Format {
  const slow: Format = (values) => intl.formatMessage({ id: key }, values) as string;
  const message = intl.messages[key];
  // Not text, or empty (react-intl answers the id for an empty message): react-intl's own way.
  if (typeof message !== 'string' || message === '') return slow;
  let compiledMessage: ReturnType<IntlShape['formatters']['getMessageFormat']>;
  try {
    compiledMessage = intl.formatters.getMessageFormat(message, intl.locale, intl.formats, {
      formatters: intl.formatters,
    });
  } catch {
    return slow;
  }
  return (values) => {
    try {
      const out = compiledMessage.format(values);
      if (typeof out === 'string') return out;
    } catch {
      // A value the message needs is missing: react-intl reports it and falls back.
    }
    return slow(values);
  };
}
