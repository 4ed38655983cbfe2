import { describe, expect, it } from 'vitest';
import { negotiateLocale } from './locales.ts';

describe('negotiateLocale', () => {
  it.each([
    [['sw'], 'sw'],
    [['sw-KE', 'en-US'], 'sw'],
    [['sw_TZ'], 'sw'],
    [['fr-FR', 'sw'], 'sw'],
    [['en-GB', 'sw'], 'en'],
    [['fr', 'de'], 'en'],
    [[], 'en'],
    [undefined, 'en'],
  ] as const)('%j → %s', (languages, expected) => {
    expect(negotiateLocale(languages)).toBe(expected);
  });
});
