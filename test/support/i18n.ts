import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { screenshot } from './browser.ts';

const CATALOGS = join(import.meta.dirname, '../../web/src/i18n/messages');

/** A locale's whole catalog as the web app flattens it: `{ 'case.provenance.title': 'Asili', … }`. */
export function catalog(locale: string): Record<string, string> {
  const all: Record<string, string> = {};
  for (const file of readdirSync(join(CATALOGS, locale)).filter((f) => f.endsWith('.json'))) {
    const namespace = file.replace(/\.json$/, '');
    const messages = JSON.parse(readFileSync(join(CATALOGS, locale, file), 'utf8')) as Record<string, string>;
    for (const [key, value] of Object.entries(messages)) all[`${namespace}.${key}`] = value;
  }
  return all;
}

/** What the console's chrome says in each language (web/src/i18n/messages/<locale>/app.json). */
export const CHROME = {
  en: { brand: 'Review console', signIn: 'Sign in', queue: 'Queue', audit: 'Audit log', nav: 'Main' },
  sw: {
    brand: 'Dashibodi ya ukaguzi',
    signIn: 'Ingia',
    queue: 'Foleni',
    audit: 'Kumbukumbu za ukaguzi',
    nav: 'Kuu',
  },
} as const;
export type TestLocale = keyof typeof CHROME;

/** The language the page says it is in (`<html lang>`), once the app set it. */
export function htmlLang(page: Page): Promise<string | null> {
  return page.evaluate(() => document.documentElement.getAttribute('lang'));
}

/** Checks the page says it is in `locale` (`<html lang>`) and keeps its screenshot as `i18n-<locale>-<name>`. */
export async function localeScreenshot(page: Page, locale: TestLocale, name: string): Promise<void> {
  await expect(htmlLang(page)).resolves.toBe(locale);
  await screenshot(page, `i18n-${locale}-${name}`);
}

/** The main navigation's link named `name`, waited for. */
export async function navLink(page: Page, locale: TestLocale, name: string): Promise<void> {
  await page
    .getByRole('navigation', { name: CHROME[locale].nav })
    .getByRole('link', { name, exact: true })
    .waitFor();
}
