/** The console's languages. English is the fallback: every key exists in it first. */
export const LOCALES = ['en', 'sw'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * The first of the browser's languages the console speaks (`sw-KE` → `sw`), else English.
 * `navigator.languages` is what the browser also sends as `Accept-Language`.
 */
export function negotiateLocale(languages: readonly string[] | undefined): Locale {
  for (const tag of languages ?? []) {
    const base = tag.trim().toLowerCase().split(/[-_]/)[0];
    if (isLocale(base)) return base;
  }
  return DEFAULT_LOCALE;
}

export function browserLocale(): Locale {
  if (typeof navigator === 'undefined') return DEFAULT_LOCALE;
  return negotiateLocale(navigator.languages?.length ? navigator.languages : [navigator.language]);
}

/**
 * The last language chosen on this device, only for the pages before sign-in (login, enrolment): once
 * signed in, the person's own choice on the server (or their browser) decides.
 */
const DEVICE_KEY = 'console.locale';

function deviceLocale(): Locale | null {
  try {
    const v = localStorage.getItem(DEVICE_KEY);
    return isLocale(v) ? v : null;
  } catch {
    return null;
  }
}

export function rememberDeviceLocale(locale: Locale | null): void {
  try {
    if (locale) localStorage.setItem(DEVICE_KEY, locale);
    else localStorage.removeItem(DEVICE_KEY);
  } catch {
    // Storage may be unavailable (private mode); the server keeps the signed-in person's choice anyway.
  }
}

/** What the first render uses, before the signed-in person is known. */
export function initialLocale(): Locale {
  return deviceLocale() ?? browserLocale();
}
