import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkMessages } from '../../scripts/check-messages.ts';

/** The catalog check that `pnpm lint` runs, on small fixture trees. */
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function fixture(catalogs: Record<string, Record<string, Record<string, string>>>, code: string) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'check-messages-'));
  dirs.push(root);
  for (const [locale, namespaces] of Object.entries(catalogs))
    for (const [ns, messages] of Object.entries(namespaces)) {
      fs.mkdirSync(path.join(root, 'messages', locale), { recursive: true });
      fs.writeFileSync(path.join(root, 'messages', locale, `${ns}.json`), JSON.stringify(messages));
    }
  fs.mkdirSync(path.join(root, 'src'));
  fs.writeFileSync(path.join(root, 'src', 'Page.tsx'), code);
  return checkMessages({ messagesDir: path.join(root, 'messages'), sourceDir: path.join(root, 'src') });
}

const code = `const a = t('app.title'); const b = t("app.count", { n });`;

describe('check-messages', () => {
  it('passes when both locales have every key and the code uses each', () => {
    expect(
      fixture(
        {
          en: { app: { title: 'Queue', count: '{n, plural, one {# case} other {# cases}}' } },
          sw: { app: { title: 'Foleni', count: '{n, plural, one {kesi #} other {kesi #}}' } },
        },
        code,
      ),
    ).toEqual([]);
  });

  it('fails on a key missing in Kiswahili', () => {
    const problems = fixture(
      { en: { app: { title: 'Queue', count: '{n} cases' } }, sw: { app: { title: 'Foleni' } } },
      code,
    );
    expect(problems).toEqual(['sw/app.json: missing key "count"']);
  });

  it('fails on a key missing in English', () => {
    const problems = fixture(
      { en: { app: { title: 'Queue' } }, sw: { app: { title: 'Foleni', count: 'kesi {n}' } } },
      code,
    );
    expect(problems).toEqual(['en/app.json: missing key "count"']);
  });

  it('fails on a key the code uses but no catalog has', () => {
    const problems = fixture(
      { en: { app: { title: 'Queue' } }, sw: { app: { title: 'Foleni' } } },
      `${code} t('app.missing');`,
    );
    expect(problems).toContain('Page.tsx: uses "app.count", in no catalog');
    expect(problems).toContain('Page.tsx: uses "app.missing", in no catalog');
  });

  it('fails on a key no code uses', () => {
    const problems = fixture(
      {
        en: { app: { title: 'Queue', count: '{n}', stale: 'Old' } },
        sw: { app: { title: 'Foleni', count: '{n}', stale: 'Zamani' } },
      },
      code,
    );
    expect(problems).toEqual(['"app.stale" is in the catalogs but no code uses it']);
  });

  it("counts keys under a looked-up prefix ('ns.prefix.*') as used, and fails on a prefix no key has", () => {
    const catalogs = {
      en: { app: { title: 'Queue', count: '{n}', 'risk.A': 'A', 'risk.B': 'B', stale: 'Old' } },
      sw: { app: { title: 'Foleni', count: '{n}', 'risk.A': 'A', 'risk.B': 'B', stale: 'Zamani' } },
    };
    expect(fixture(catalogs, `${code} const RISK = 'app.risk.*';`)).toEqual([
      '"app.stale" is in the catalogs but no code uses it',
    ]);
    expect(fixture(catalogs, `${code} const RISK = 'app.risk.*'; const X = 'app.none.*';`)).toContain(
      'Page.tsx: looks up "app.none.*", which no catalog key starts with',
    );
  });

  it('fails on a namespace missing in a locale, bad ICU, and arguments that differ', () => {
    const problems = fixture(
      {
        en: { app: { title: 'Queue', count: '{n} cases' }, admin: { x: 'X' } },
        sw: { app: { title: 'Foleni {', count: 'kesi {m}' } },
      },
      `${code} t('admin.x');`,
    );
    expect(problems).toContain('sw/admin.json: missing (other locales have this namespace)');
    expect(problems.some((p) => p.startsWith('sw/app.json: "title" is not valid ICU'))).toBe(true);
    expect(problems).toContain('sw/app.json: "count" uses [{m}] but en uses [{n}]');
  });

  it('does not take file names for keys', () => {
    expect(
      fixture(
        { en: { app: { title: 'Q', count: '{n}' } }, sw: { app: { title: 'F', count: '{n}' } } },
        `${code} import './app.css'; const f = 'app.tsx';`,
      ),
    ).toEqual([]);
  });
});
