import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import { createIntl, createIntlCache, type IntlShape, RawIntlProvider, useIntl } from 'react-intl';
import { setFormatLocale } from '../lib/format.ts';
import type { MessageKey, Messages } from './catalog.ts';
import { formatMessage, type MessageValues, setCurrentIntl } from './current.ts';
import { loadMessages } from './load.ts';
import { DEFAULT_LOCALE, initialLocale, type Locale } from './locales.ts';

const cache = createIntlCache();

interface LocaleState {
  locale: Locale;
  /** Switches the console's language (loads that catalog first); persisting is the caller's business. */
  setLocale: (locale: Locale) => void;
}

const LocaleContext = createContext<LocaleState | null>(null);

function makeIntl(locale: Locale, messages: Messages): IntlShape {
  return createIntl(
    {
      locale,
      defaultLocale: DEFAULT_LOCALE,
      messages,
      onError: (e) => {
        // A missing key is caught by `pnpm lint` (scripts/check-messages.mjs); say so loudly in development.
        if (import.meta.env.DEV) console.error(e);
      },
    },
    cache,
  );
}

/**
 * Provides the chosen locale's catalog to everything below it. Renders nothing until the first catalog
 * arrives (its request starts in app/boot.ts, beside the first page's data).
 */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [wanted, setWanted] = useState<Locale>(initialLocale);
  const [intl, setIntl] = useState<IntlShape | null>(null);

  useEffect(() => {
    let live = true;
    loadMessages(wanted)
      .catch(() => (wanted === DEFAULT_LOCALE ? {} : loadMessages(DEFAULT_LOCALE).catch(() => ({}))))
      .then((messages) => {
        if (!live) return;
        const next = makeIntl(wanted, messages);
        setCurrentIntl(next);
        setFormatLocale(wanted);
        document.documentElement.lang = wanted;
        setIntl(next);
      });
    return () => {
      live = false;
    };
  }, [wanted]);

  const value = useMemo<LocaleState>(
    () => ({ locale: (intl?.locale as Locale | undefined) ?? wanted, setLocale: setWanted }),
    [intl, wanted],
  );
  if (!intl) return null;
  return (
    <LocaleContext.Provider value={value}>
      <RawIntlProvider value={intl}>{children}</RawIntlProvider>
    </LocaleContext.Provider>
  );
}

export function useLocale(): LocaleState {
  const ctx = useContext(LocaleContext);
  if (!ctx) throw new Error('useLocale outside I18nProvider');
  return ctx;
}

export type RichValues = Record<string, ReactNode | ((chunks: ReactNode[]) => ReactNode)>;

export interface Translate {
  (key: MessageKey, values?: MessageValues): string;
  /** For messages with markup: `t.rich('x.y', { b: (chunks) => <strong>{chunks}</strong> })`. */
  rich: (key: MessageKey, values: RichValues) => ReactNode;
}

/** `const t = useT(); t('app.nav.queue')` — keys are whole string literals, checked by `pnpm lint`. */
export function useT(): Translate {
  const intl = useIntl();
  return useMemo(() => {
    const t = ((key: MessageKey, values?: MessageValues) => formatMessage(intl, key, values)) as Translate;
    t.rich = (key, values) =>
      intl.formatMessage({ id: key }, values as Parameters<IntlShape['formatMessage']>[1]) as ReactNode;
    return t;
  }, [intl]);
}
