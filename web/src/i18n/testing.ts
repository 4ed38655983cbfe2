import { createIntl } from 'react-intl';
import { setCurrentIntl } from './current.ts';
import type { Locale } from './locales.ts';
import en from './messages/en.ts';
import sw from './messages/sw.ts';

/** For unit tests of code that calls `translate()`: makes `locale`'s catalog the current one. */
export function installTestCatalog(locale: Locale = 'en'): void {
  setCurrentIntl(createIntl({ locale, defaultLocale: 'en', messages: locale === 'sw' ? sw : en }));
}
