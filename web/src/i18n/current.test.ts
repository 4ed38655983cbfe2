import { type MessageFormatElement, parse, TYPE } from '@formatjs/icu-messageformat-parser';
import { createIntl } from 'react-intl';
import { describe, expect, it, vi } from 'vitest';
import { formatMessage, type MessageValues } from './current.ts';
import en from './messages/en.ts';
import sw from './messages/sw.ts';

const intlFor = (messages: Record<string, string>, locale = 'en') =>
  createIntl({ locale, defaultLocale: 'en', messages, onError: () => {} });

/** A value for every argument a message names: numbers for plurals and numbers, 'other' for selects. */
function valuesFor(elements: MessageFormatElement[], out: MessageValues = {}): MessageValues {
  for (const e of elements) {
    if (e.type === TYPE.argument) out[e.value] ??= `<${e.value}>`;
    if (e.type === TYPE.number) out[e.value] = 1234.5;
    if (e.type === TYPE.date || e.type === TYPE.time) out[e.value] = new Date(Date.UTC(2026, 11, 7, 9, 30));
    if (e.type === TYPE.plural) {
      out[e.value] = 2;
      for (const option of Object.values(e.options)) valuesFor(option.value, out);
    }
    if (e.type === TYPE.select) {
      out[e.value] = 'other';
      for (const option of Object.values(e.options)) valuesFor(option.value, out);
    }
    if (e.type === TYPE.tag) valuesFor(e.children, out);
  }
  return out;
}

describe('formatMessage: compiled messages, the same text as react-intl', () => {
  it.each([
    ['en', en],
    ['sw', sw],
  ] as const)(
    'formats every %s message as intl.formatMessage does, with and without a count of one',
    (locale, messages) => {
      const intl = intlFor(messages, locale);
      const tags = (m: string) => parse(m).some((e) => e.type === TYPE.tag);
      let checked = 0;
      for (const [key, message] of Object.entries(messages)) {
        if (tags(message)) continue; // rich text goes through t.rich, not here
        const values = valuesFor(parse(message));
        const one = Object.fromEntries(
          Object.entries(values).map(([k, v]) => [k, typeof v === 'number' ? 1 : v]),
        );
        for (const v of [values, one, undefined]) {
          expect(formatMessage(intl, key, v), `${locale} ${key}`).toEqual(intl.formatMessage({ id: key }, v));
          expect(formatMessage(intl, key, v), `${locale} ${key} (again)`).toEqual(
            intl.formatMessage({ id: key }, v),
          );
        }
        checked++;
      }
      expect(checked).toBeGreaterThan(500);
    },
  );

  it('answers as react-intl does for a missing message, an empty one and a missing value', () => {
    const intl = intlFor({ 'a.count': '{n, plural, one {# case} other {# cases}}', 'a.empty': '' });
    expect(formatMessage(intl, 'a.missing')).toBe(intl.formatMessage({ id: 'a.missing' }));
    expect(formatMessage(intl, 'a.empty')).toBe(intl.formatMessage({ id: 'a.empty' }));
    expect(formatMessage(intl, 'a.count')).toBe(intl.formatMessage({ id: 'a.count' }));
    expect(formatMessage(intl, 'a.count', { n: 3 })).toBe('3 cases');
  });

  it('compiles a message once per catalog instead of going through react-intl on every call', () => {
    const intl = intlFor({ 'a.row': 'Select session {label}' });
    const slow = vi.spyOn(intl, 'formatMessage');
    const compile = vi.spyOn(intl.formatters, 'getMessageFormat');
    for (let i = 0; i < 50; i++)
      expect(formatMessage(intl, 'a.row', { label: String(i) })).toBe(`Select session ${i}`);
    expect(slow).not.toHaveBeenCalled();
    expect(compile).toHaveBeenCalledTimes(1);
    // Another catalog (a language switch) compiles its own.
    const other = intlFor({ 'a.row': 'Chagua kikao {label}' }, 'sw');
    expect(formatMessage(other, 'a.row', { label: '7' })).toBe('Chagua kikao 7');
  });
});
