import { afterEach, describe, expect, it, vi } from 'vitest';

/**
 * The formatters are made on first use, not when the module loads: it is in the chunk the entry imports,
 * and a first `Intl` object would hold back the first page's requests (app/boot.ts) by tens of ms.
 */
describe('lib/format', () => {
  const real = Intl.DateTimeFormat;
  let made = 0;
  afterEach(() => {
    Intl.DateTimeFormat = real;
    vi.resetModules();
  });

  it('makes no Intl formatter when loaded, one set on first use, and a new set after a change of language', async () => {
    // Counts the formatters made, and makes them as Intl does.
    Intl.DateTimeFormat = new Proxy(real, {
      construct: (target, args) => {
        made++;
        return Reflect.construct(target, args);
      },
    });
    vi.resetModules();
    const format = await import('./format.ts');
    expect(made).toBe(0);

    const iso = '2026-12-07T14:30:00Z';
    const first = format.formatDateTime(iso);
    expect(first).toBe(new real('en', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)));
    const afterFirst = made;
    expect(afterFirst).toBeGreaterThan(0);
    format.formatUtc(iso);
    format.formatDateTime(iso);
    expect(made).toBe(afterFirst);

    format.setFormatLocale('sw');
    expect(made).toBe(afterFirst);
    expect(format.formatDateTime(iso)).toBe(
      new real('sw', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)),
    );
  });
});
