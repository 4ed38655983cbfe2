import { translate } from '../i18n/current.ts';

/**
 * Every date, time and number goes through `Intl` in the console's language (set by i18n/I18nProvider),
 * times in the browser's time zone; `formatUtc` gives the same instant in UTC for the hover text.
 */
let locale = 'en';

/**
 * The formatters, made on first use and again after a change of language. Not at module load: this module
 * is in the chunk the entry imports, and a renderer's first `Intl` object costs 40–70 ms (ICU's data), which
 * would hold back the first page's requests (app/boot.ts) until it was paid; on first use it is paid while
 * they are on their way.
 */
interface Formatters {
  dateTime: Intl.DateTimeFormat;
  utc: Intl.DateTimeFormat;
  relative: Intl.RelativeTimeFormat;
  numbers: Intl.NumberFormat;
}
let formatters: Formatters | null = null;

function fmt(): Formatters {
  formatters ??= {
    dateTime: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }),
    utc: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'long', timeZone: 'UTC' }),
    relative: new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }),
    numbers: new Intl.NumberFormat(locale),
  };
  return formatters;
}

export function setFormatLocale(next: string): void {
  if (next === locale) return;
  locale = next;
  formatters = null;
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : fmt().dateTime.format(d);
}

/** The same instant in UTC ("7 Dec 2026, 01:30:00 UTC"), for the title of a shown local time. */
export function formatUtc(iso: string | null | undefined): string | undefined {
  if (!iso) return undefined;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : fmt().utc.format(d);
}

export function formatNumber(n: number | null | undefined, options?: Intl.NumberFormatOptions): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  return options ? new Intl.NumberFormat(locale, options).format(n) : fmt().numbers.format(n);
}

/** "3 days ago"; the age of a case is what a reviewer triages by. */
export function formatAge(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const ms = new Date(iso).getTime() - now;
  if (Number.isNaN(ms)) return '—';
  const abs = Math.abs(ms);
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 86_400_000],
    ['hour', 3_600_000],
    ['minute', 60_000],
  ];
  for (const [unit, size] of units) {
    if (abs >= size) return fmt().relative.format(Math.round(ms / size), unit);
  }
  return fmt().relative.format(Math.round(ms / 1000), 'second');
}

/** Timestamps (not plain dates: a date of birth must stay a date). */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

export function formatValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return translate(v ? 'components.value.yes' : 'components.value.no');
  // No grouping: a Didit number may be a year or an id; two decimals for scores, as before.
  if (typeof v === 'number')
    return Number.isInteger(v)
      ? String(v)
      : formatNumber(v, { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: false });
  if (typeof v === 'string') return ISO_INSTANT.test(v) ? formatDateTime(v) : v;
  if (Array.isArray(v)) return v.length === 0 ? '—' : v.map(formatValue).join(', ');
  return JSON.stringify(v);
}

/** Didit's UPPER_SNAKE codes (KYB statuses, risk codes) as words: `IN_REVIEW` → "In Review". */
export function codeWords(code: string | null | undefined): string {
  const s = (code ?? '').trim();
  if (!/^[A-Z0-9]+(?:_[A-Z0-9]+)+$|^[A-Z]{3,}$/.test(s)) return s;
  return s
    .split('_')
    .map((w) => w.charAt(0) + w.slice(1).toLowerCase())
    .join(' ');
}
