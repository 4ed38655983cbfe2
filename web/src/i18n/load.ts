import type { Messages } from './catalog.ts';
import type { Locale } from './locales.ts';

/** One dynamic import per locale: no catalog is in the initial bundle, only the chosen one is fetched. */
const LOADERS: Record<Locale, () => Promise<{ default: Messages }>> = {
  en: () => import('./messages/en.ts'),
  sw: () => import('./messages/sw.ts'),
};

const loading = new Map<Locale, Promise<Messages>>();

export function loadMessages(locale: Locale): Promise<Messages> {
  let p = loading.get(locale);
  if (!p) {
    p = LOADERS[locale]().then((m) => m.default);
    p.catch(() => loading.delete(locale));
    loading.set(locale, p);
  }
  return p;
}
