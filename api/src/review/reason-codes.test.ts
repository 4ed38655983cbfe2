import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REASON_CODES } from './reason-codes.ts';

/** The web words each reason code from its catalogs (`case.reason.<CODE>`); the codes are this file's. */
const catalog = (locale: string) =>
  JSON.parse(
    readFileSync(join(import.meta.dirname, `../../../web/src/i18n/messages/${locale}/case.json`), 'utf8'),
  ) as Record<string, string>;

describe('reason codes in the web catalogs', () => {
  const all = Object.values(REASON_CODES).flat();
  it.each(['en', 'sw'])('%s words every code the API offers', (locale) => {
    const messages = catalog(locale);
    expect(all.filter((r) => !messages[`reason.${r.code}`]).map((r) => r.code)).toEqual([]);
  });
  it("English says what the API's label says", () => {
    const en = catalog('en');
    for (const r of all) expect(en[`reason.${r.code}`]).toBe(r.label);
  });
});
