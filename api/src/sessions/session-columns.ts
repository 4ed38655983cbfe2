import { isBearerLink } from './redact-links.ts';

/**
 * The columns of `sessions` that come from the decision (the queue shows and filters on them), computed once
 * when an event is stored — by the intake, a refresh, a backfill, an import — and kept on the event
 * (`webhook_events.decision_*`). The fold, the intake's upsert and `pnpm rebuild-sessions` copy them from
 * the session's decision event instead of evaluating jsonpath over every decision (most of a full rebuild's
 * cost when they were generated columns: docs/performance.md "Rebuild").
 *
 * They must equal what the generated columns of migration 2026-11-22T04-00-00-decision-sync computed from the
 * stored decision, Postgres semantics included (`#>>` text of any JSON value, `btrim` of spaces only, lax
 * jsonpath's array unwrapping): `session-columns.test.ts` runs those expressions on Postgres over Didit's
 * documented decisions, the sandbox generator's and arbitrary JSON, and compares every column. The decision
 * may be given as Didit sent it: strings are read as they are stored (a bearer link removed, `\u0000` and
 * lone surrogates replaced). Known differences, in values no Didit decision holds at those paths: a JSON number
 * at a name or document path prints in its shortest form (`3.0` as `3`) where Postgres kept the digits Didit
 * wrote; and inside an object or array found there, link redaction is judged in JavaScript's key order, not
 * the order of the received text (they differ only for integer-like keys).
 */
export interface DecisionColumns {
  full_name: string | null;
  document_number: string | null;
  warning_errors: number;
  warning_warnings: number;
  warning_information: number;
  aml_hits: number;
  aml_unreviewed_hits: number;
  /** The decision's part of `search_text`, not yet lowered: Postgres lowers the whole (`searchTextSql`). */
  search_decision: string;
}

/** The columns of `sessions` named as in `DecisionColumns` (then `decision_search`, and `search_text` from it). */
export const DECISION_COLUMNS = [
  'full_name',
  'document_number',
  'warning_errors',
  'warning_warnings',
  'warning_information',
  'aml_hits',
  'aml_unreviewed_hits',
] as const satisfies readonly (keyof DecisionColumns)[];

const US = '\u001f';

/** `searchValues`' values (null: absent): full name, ID name, company, legal and AML names, document and registry numbers. */
type SearchValues = [
  string | null,
  string,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
];

/** The decision's text at a path (`t`), and the values a search looks in, each read once (`values`). */
function readerOf(decision: unknown) {
  const t = (...path: string[]) => pathText(decision, path);
  const iv = (k: string) => t('id_verifications', '0', k);
  const rc = (k: string) => t('registry_checks', '0', k);
  return {
    t,
    /** `searchValues`' order (null: absent); the first five are also `full_name`'s first candidates. */
    values: (): SearchValues => [
      iv('full_name'),
      joined(iv('first_name'), iv('last_name')),
      rc('company_name'),
      rc('legal_name'),
      t('aml_screenings', '0', 'screened_data', 'full_name'),
      iv('document_number'),
      rc('registration_number'),
    ],
  };
}

const joined = (a: string | null, b: string | null) => `${a ?? ''} ${b ?? ''}`;

export function deriveSessionColumns(decision: unknown): DecisionColumns {
  const { t, values } = readerOf(decision);
  const found = values();
  const [fullName, ivName, company, legal, aml, docNumber, registry] = found;
  // One walk each for the three warning types and the two hit counts (the intake runs this per webhook).
  const warnings = countWarnings(decision);
  const hits = countHits(decision);
  return {
    full_name: firstNonBlank([
      fullName,
      ivName,
      company,
      legal,
      aml,
      joined(t('expected_details', 'first_name'), t('expected_details', 'last_name')),
    ]),
    document_number: firstNonBlank([docNumber, registry]),
    warning_errors: warnings.error,
    warning_warnings: warnings.warning,
    warning_information: warnings.information,
    aml_hits: hits.all,
    aml_unreviewed_hits: hits.unreviewed,
    search_decision: distinctSearchValues(found.map((x) => x ?? '')),
  };
}

/**
 * The decision's values a search looks in, in order (absent ones empty): the names, company and legal names,
 * the AML screened name, the document and registry numbers. Joined by U+001F they are what the generated
 * `search_text` of migration 2026-11-22T04-00-00-decision-sync held.
 */
export function searchValues(decision: unknown): string[] {
  return readerOf(decision)
    .values()
    .map((v) => v ?? '');
}

/**
 * Each value once, in the order first seen, blank ones (spaces only) left out, separated by U+001F: the same
 * name in `full_name`, first + last name and the AML screening was up to three copies, a third of the text
 * the trigram index builds from (docs/performance.md "Full recompute toward 20,000 events/s"). A search term
 * matches inside one value, so it finds the same sessions. Split on U+001F first, as migration
 * 2026-12-07T18-00-00-search-text-distinct-values does in SQL (`string_to_array`, `btrim`, exact equality).
 */
export function distinctSearchValues(values: string[]): string {
  const seen = new Set<string>();
  for (const v of values.join(US).split(US)) if (!/^ *$/.test(v)) seen.add(v);
  return [...seen].join(US);
}

/** `coalesce(nullif(btrim(a), ''), nullif(btrim(b), ''), …)`; Postgres's `btrim(x)` trims spaces only. */
function firstNonBlank(values: (string | null)[]): string | null {
  for (const v of values) {
    if (v === null) continue;
    const trimmed = v.replace(/^ +| +$/g, '');
    if (trimmed !== '') return trimmed;
  }
  return null;
}

// ---- `#>>`: the text at a path -------------------------------------------------------------------------

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
/** A member as jsonb has it (a JSON text never holds `undefined`; an object built in code may). */
const has = (o: Record<string, unknown>, k: string) => Object.hasOwn(o, k) && o[k] !== undefined;

/** `doc #>> '{a,0,b}'`: an array takes integer steps only (negative counts from the end); a scalar none. */
function pathText(doc: unknown, path: string[]): string | null {
  let v: unknown = doc;
  let key: string | undefined;
  for (const step of path) {
    if (Array.isArray(v)) {
      if (!/^-?\d+$/.test(step)) return null;
      const i = Number(step);
      const at = i < 0 ? v.length + i : i;
      if (at < 0 || at >= v.length) return null;
      v = v[at];
      key = undefined;
    } else if (isObject(v)) {
      if (!has(v, step)) return null;
      v = v[step];
      key = step;
    } else return null;
  }
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return stored(key, v);
  return jsonbText(storedCopy(v, { key }));
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const sanitized = (s: string) => s.replaceAll('\u0000', '\uFFFD').replace(LONE_SURROGATE, '\uFFFD');

/** A string as the intake stores it: a bearer link becomes null, what jsonb refuses becomes U+FFFD. */
function stored(key: string | undefined, s: string): string | null {
  return isBearerLink(key, s) ? null : sanitized(s);
}

/**
 * A container as stored, walked in text order as `redactLinksInJson` scans it: a string's key is the last key
 * seen, unless a string value came after it (so an array's first strings take the array's key).
 */
function storedCopy(v: unknown, scan: { key: string | undefined }): unknown {
  if (typeof v === 'string') {
    const s = stored(scan.key, v);
    scan.key = undefined;
    return s;
  }
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : storedCopy(x, scan)));
  if (isObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined) continue;
      scan.key = k;
      out[sanitized(k)] = storedCopy(x, scan);
    }
    return out;
  }
  return v;
}

/** jsonb's text output: keys by length then bytes, `", "` and `": "` between, numbers in plain notation. */
function jsonbText(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return plainNumber(v);
  if (typeof v === 'string') return jsonString(v);
  if (Array.isArray(v)) return `[${v.map(jsonbText).join(', ')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort(jsonbKeyOrder);
  return `{${keys.map((k) => `${jsonString(k)}: ${jsonbText(o[k])}`).join(', ')}}`;
}

function jsonbKeyOrder(a: string, b: string): number {
  const ba = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return ba.length - bb.length || Buffer.compare(ba, bb);
}

const ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what it escapes
const JSON_ESCAPED = /["\\\u0000-\u001f]/g;

/** Postgres's `escape_json`: the short escapes, other control characters as `\u00xx`, the rest as is. */
function jsonString(s: string): string {
  const body = s.replace(
    JSON_ESCAPED,
    (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `"${body}"`;
}

/** A number as `numeric` prints it (no exponent), from its shortest round-trip digits. */
export function plainNumber(n: number): string {
  const s = String(n);
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, int, frac = '', exp] = m;
  const digits = int! + frac;
  const point = int!.length + Number(exp);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

// ---- lax jsonpath --------------------------------------------------------------------------------------
// Each step as Postgres's jsonpath_exec.c runs it in lax mode: an accessor applied to an array applies to
// its elements (one level), `[*]` applied to a non-array yields the value itself, structural mismatches
// yield nothing.

/** `.*`: an object's values; an array's elements' values (one level). */
function* anyKey(v: unknown): Generator<unknown> {
  const values = (o: Record<string, unknown>) => Object.values(o).filter((x) => x !== undefined);
  if (isObject(v)) yield* values(v);
  else if (Array.isArray(v)) for (const e of v) if (isObject(e)) yield* values(e);
}

/** `[*]`: an array's elements, anything else itself. */
function* anyElement(v: unknown): Generator<unknown> {
  if (Array.isArray(v)) yield* v;
  else yield v;
}

/** `.key`: the member of an object, or of each object in an array (one level). */
function* member(v: unknown, key: string): Generator<unknown> {
  if (isObject(v)) {
    if (has(v, key)) yield v[key];
  } else if (Array.isArray(v)) for (const e of v) if (isObject(e) && has(e, key)) yield e[key];
}

/** `? (…)`: a filter applied to an array tests each element (one level). */
function* filtered(v: unknown, test: (item: unknown) => boolean): Generator<unknown> {
  if (Array.isArray(v)) {
    for (const e of v) if (test(e)) yield e;
  } else if (test(v)) yield v;
}

/** `@.key == "s"` in lax mode: true when any of the member's values, arrays unwrapped once, is that string. */
function memberEquals(item: unknown, key: string, s: string): boolean {
  for (const x of member(item, key)) for (const y of anyElement(x)) if (y === s) return true;
  return false;
}

const LOG_TYPES = ['error', 'warning', 'information'] as const;

/** `lax $.*[*].warnings[*] ? (@.log_type == "<type>")`, counted, for the three types in one walk. */
function countWarnings(doc: unknown): Record<(typeof LOG_TYPES)[number], number> {
  const n = { error: 0, warning: 0, information: 0 };
  for (const a of anyKey(doc))
    for (const b of anyElement(a))
      for (const c of member(b, 'warnings'))
        for (const d of anyElement(c))
          for (const i of filtered(d, () => true))
            for (const type of LOG_TYPES) if (memberEquals(i, 'log_type', type)) n[type]++;
  return n;
}

/**
 * `lax $.aml_screenings[*].hits[*]`, counted (`all`), and with
 * `? (!exists(@.review_status) || @.review_status == "Unreviewed")` (`unreviewed`), in one walk.
 */
function countHits(doc: unknown): { all: number; unreviewed: number } {
  const test = (i: unknown) =>
    member(i, 'review_status').next().done === true || memberEquals(i, 'review_status', 'Unreviewed');
  const n = { all: 0, unreviewed: 0 };
  for (const a of member(doc, 'aml_screenings'))
    for (const b of anyElement(a))
      for (const c of member(b, 'hits'))
        for (const d of anyElement(c)) {
          n.all++;
          for (const _ of filtered(d, test)) n.unreviewed++;
        }
  return n;
}

/** A session without a decision (the generated columns' values for a null decision). Last: it runs the code above. */
export const NO_DECISION: DecisionColumns = {
  full_name: null,
  document_number: null,
  warning_errors: 0,
  warning_warnings: 0,
  warning_information: 0,
  aml_hits: 0,
  aml_unreviewed_hits: 0,
  search_decision: deriveSessionColumns(undefined).search_decision,
};
