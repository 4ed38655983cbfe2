/**
 * Fails `pnpm lint` when the message catalogs and the code disagree (issue 18):
 * - a namespace file or a key present in one locale but missing in another;
 * - a message that is not valid ICU, or whose arguments (`{count}`, `<b>`) differ between locales;
 * - a key the code uses (a whole string literal `'ns.key'` in web/src) that no catalog has;
 * - a catalog key no code uses.
 * Keys must be written as whole literals for this to see them (i18n/catalog.ts, `MessageKey`).
 *
 * Usage: `tsx web/scripts/check-messages.ts` (exit 1 and one line per problem).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type MessageFormatElement, parse, TYPE } from '@formatjs/icu-messageformat-parser';

export interface CheckOptions {
  /** `messages/<locale>/<namespace>.json` */
  messagesDir: string;
  /** Where the code that uses the keys lives (`*.ts`, `*.tsx`; tests excluded). */
  sourceDir: string;
  /** The reference locale, named first in reports. */
  referenceLocale?: string;
}

type Catalogs = Map<string, Map<string, Map<string, string>>>; // locale → namespace → key → message

function readCatalogs(dir: string, problems: string[]): Catalogs {
  const out: Catalogs = new Map();
  for (const locale of fs.readdirSync(dir).sort()) {
    const localeDir = path.join(dir, locale);
    if (!fs.statSync(localeDir).isDirectory()) continue;
    const namespaces = new Map<string, Map<string, string>>();
    for (const file of fs.readdirSync(localeDir).sort()) {
      if (!file.endsWith('.json')) continue;
      const where = `${locale}/${file}`;
      let parsed: unknown;
      try {
        parsed = JSON.parse(fs.readFileSync(path.join(localeDir, file), 'utf8'));
      } catch (e) {
        problems.push(`${where}: not valid JSON (${(e as Error).message})`);
        continue;
      }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
        problems.push(`${where}: must be one flat object of "key": "message"`);
        continue;
      }
      const entries = new Map<string, string>();
      for (const [key, message] of Object.entries(parsed)) {
        if (typeof message !== 'string') problems.push(`${where}: "${key}" is not a string`);
        else entries.set(key, message);
      }
      namespaces.set(file.replace(/\.json$/, ''), entries);
    }
    out.set(locale, namespaces);
  }
  return out;
}

/** The argument and tag names a message uses: they must be the same in every locale. */
function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const el of elements) {
    if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
    into.add(el.type === TYPE.tag ? `<${el.value}>` : `{${el.value}}`);
    if (el.type === TYPE.tag) argumentsOf(el.children, into);
    if (el.type === TYPE.plural || el.type === TYPE.select)
      for (const option of Object.values(el.options)) argumentsOf(option.value, into);
  }
  return into;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(p));
    else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) out.push(p);
  }
  return out;
}

/** Whole string literals that look like message ids of a known namespace: `'app.nav.queue'`. */
function usedKeys(dir: string, namespaces: Set<string>): Map<string, string> {
  const used = new Map<string, string>(); // id → first file using it
  const literal = /(['"`])([a-z][a-z_]*)\.([A-Za-z0-9_][A-Za-z0-9_.-]*)\1/g;
  for (const file of sourceFiles(dir)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(literal)) {
      const [, , ns, key] = m as unknown as [string, string, string, string];
      if (!namespaces.has(ns)) continue;
      // File names (`'./errors.ts'` is excluded by the dot; `'case.css'` by its extension) are not ids.
      const id = `${ns}.${key}`;
      if (/\.(tsx?|css|json|mjs|js)$/.test(id)) continue;
      if (!used.has(id)) used.set(id, path.relative(dir, file));
    }
  }
  return used;
}

/**
 * Whole literals `'ns.*'` or `'ns.prefix.*'`: the code looks messages under that prefix up by a value (Didit's
 * vocabulary, i18n/didit.ts), so every key there counts as used. Returns prefix (with its dot) → first file.
 */
function wildcards(dir: string, namespaces: Set<string>): Map<string, string> {
  const out = new Map<string, string>();
  const literal = /(['"`])([a-z][a-z_]*)\.((?:[A-Za-z0-9_]+\.)*)\*\1/g;
  for (const file of sourceFiles(dir)) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(literal)) {
      const [, , ns, rest] = m as unknown as [string, string, string, string];
      const prefix = `${ns}.${rest}`;
      if (namespaces.has(ns) && !out.has(prefix)) out.set(prefix, path.relative(dir, file));
    }
  }
  return out;
}

export function checkMessages(options: CheckOptions): string[] {
  const problems: string[] = [];
  const catalogs = readCatalogs(options.messagesDir, problems);
  const locales = [...catalogs.keys()];
  const reference = options.referenceLocale ?? 'en';
  if (!catalogs.has(reference)) return [...problems, `no catalog for the reference locale "${reference}"`];
  locales.sort((a, b) => (a === reference ? -1 : b === reference ? 1 : a.localeCompare(b)));

  const namespaces = new Set<string>();
  for (const ns of catalogs.values()) for (const name of ns.keys()) namespaces.add(name);

  const allIds = new Set<string>();
  for (const ns of [...namespaces].sort()) {
    const keys = new Set<string>();
    for (const locale of locales) {
      const file = catalogs.get(locale)!.get(ns);
      if (!file) problems.push(`${locale}/${ns}.json: missing (other locales have this namespace)`);
      else for (const k of file.keys()) keys.add(k);
    }
    for (const key of [...keys].sort()) {
      const id = `${ns}.${key}`;
      allIds.add(id);
      let referenceArgs: string | undefined;
      for (const locale of locales) {
        const message = catalogs.get(locale)!.get(ns)?.get(key);
        if (message === undefined) {
          if (catalogs.get(locale)!.has(ns)) problems.push(`${locale}/${ns}.json: missing key "${key}"`);
          continue;
        }
        if (message.trim() === '') problems.push(`${locale}/${ns}.json: "${key}" is empty`);
        let args: string;
        try {
          args = [...argumentsOf(parse(message))].sort().join(' ');
        } catch (e) {
          problems.push(`${locale}/${ns}.json: "${key}" is not valid ICU (${(e as Error).message})`);
          continue;
        }
        if (referenceArgs === undefined) referenceArgs = args;
        else if (args !== referenceArgs)
          problems.push(
            `${locale}/${ns}.json: "${key}" uses [${args}] but ${locales[0]} uses [${referenceArgs}]`,
          );
      }
    }
  }

  const used = usedKeys(options.sourceDir, namespaces);
  for (const [id, file] of used) if (!allIds.has(id)) problems.push(`${file}: uses "${id}", in no catalog`);
  const lookedUp = wildcards(options.sourceDir, namespaces);
  for (const [prefix, file] of lookedUp)
    if (![...allIds].some((id) => id.startsWith(prefix)))
      problems.push(`${file}: looks up "${prefix}*", which no catalog key starts with`);
  for (const id of allIds)
    if (!used.has(id) && ![...lookedUp.keys()].some((prefix) => id.startsWith(prefix)))
      problems.push(`"${id}" is in the catalogs but no code uses it`);
  return problems;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const problems = checkMessages({
    messagesDir: path.join(web, 'src/i18n/messages'),
    sourceDir: path.join(web, 'src'),
  });
  if (problems.length > 0) {
    console.error(`Message catalogs: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log('Message catalogs: every key in every locale, every key used.');
}
