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
  return current ? current.formatMessage({ id: key }, values) : key;
}

/** Whether the active catalog has a message for `id` (for ids looked up by a value, i18n/didit.ts). */
export function hasMessage(id: string): boolean {
  return current?.messages[id] !== undefined;
}
