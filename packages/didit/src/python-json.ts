/**
 * JSON exactly as Didit's Python server writes it: `json.dumps(v, sort_keys=True, separators=(",", ":"),
 * ensure_ascii=False)`. `X-Signature-V2` is an HMAC over that text with whole-valued floats shortened to
 * ints, so verifying it needs byte-identical output, which `JSON.stringify` does not give: it loses
 * integers above 2^53, writes `1e-7` where Python writes `1e-07`, prints `1.2e+38` where Python's
 * shortened int prints every digit, and sorts keys by UTF-16 unit instead of code point.
 *
 * Values: JS objects/arrays/strings/booleans/null; `bigint` for ints of any size; `PyFloat` for a value
 * Python holds as a float (so `95.0` survives a round trip); a plain `number` is an int when whole.
 */
export class PyFloat {
  constructor(readonly value: number) {}
}

export type PyValue =
  | null
  | boolean
  | string
  | number
  | bigint
  | PyFloat
  | PyValue[]
  | { [key: string]: PyValue };

export class JsonSyntaxError extends Error {}

/** Deeper than any document Didit sends; past it a body is refused rather than recursed into. */
const MAX_DEPTH = 512;

/** Parses JSON text keeping Python's distinction: int literals become bigint, the rest PyFloat. */
export function parsePythonJson(text: string): PyValue {
  let i = 0;
  const fail = (what: string): never => {
    throw new JsonSyntaxError(`${what} at position ${i}`);
  };
  const ws = () => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
  };
  /** Skips white space; when `close` comes next, consumes it and answers true. */
  const closes = (close: '}' | ']'): boolean => {
    ws();
    if (text[i] !== close) return false;
    i++;
    return true;
  };
  /** After a member or element: `,` means another follows, `close` ends the container. */
  const ended = (close: '}' | ']'): boolean => {
    if (closes(close)) return true;
    if (text[i] !== ',') fail(`expected "," or "${close}"`);
    i++;
    return false;
  };
  const value = (depth: number): PyValue => {
    if (depth > MAX_DEPTH) fail('nesting too deep');
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const obj: Record<string, PyValue> = {};
      if (closes('}')) return obj;
      do {
        ws();
        if (text[i] !== '"') fail('expected a key');
        const key = string();
        ws();
        if (text[i] !== ':') fail('expected ":"');
        i++;
        const v = value(depth + 1);
        Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true, configurable: true });
      } while (!ended('}'));
      return obj;
    }
    if (c === '[') {
      i++;
      const arr: PyValue[] = [];
      if (closes(']')) return arr;
      do arr.push(value(depth + 1));
      while (!ended(']'));
      return arr;
    }
    if (c === '"') return string();
    if (text.startsWith('true', i)) {
      i += 4;
      return true;
    }
    if (text.startsWith('false', i)) {
      i += 5;
      return false;
    }
    if (text.startsWith('null', i)) {
      i += 4;
      return null;
    }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '' || m[0] === '-') return fail('unexpected character');
    i += m[0].length;
    if (m[2] === undefined && m[3] === undefined) return BigInt(m[0]);
    return new PyFloat(Number(m[0]));
  };
  const string = (): string => {
    const start = i;
    // JSON.parse handles escapes (including lone surrogates) exactly; find the closing quote first.
    i++;
    for (;;) {
      const c = text.charCodeAt(i);
      if (Number.isNaN(c)) fail('unterminated string');
      if (c === 0x22) break;
      if (c < 0x20) fail('control character in string');
      i += c === 0x5c ? 2 : 1;
    }
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      return fail('bad string escape');
    }
  };
  const v = value(0);
  ws();
  if (i !== text.length) fail('trailing characters');
  return v;
}

/** Code-point order, as Python's `sorted()` on str. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let k = 0; k < n; k++) {
    const x = a.codePointAt(k)!;
    const y = b.codePointAt(k)!;
    if (x !== y) return x - y;
    if (x > 0xffff) k++;
  }
  return a.length - b.length;
}

/** Python's `repr(float)`: shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
export function pythonFloatRepr(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(v);
  if (abs >= 1e16 || abs < 1e-4) {
    const [mantissa, exp] = v.toExponential().split('e') as [string, string];
    const sign = exp.startsWith('-') ? '-' : '+';
    const digits = exp.replace(/^[+-]/, '').padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  const s = String(v);
  return Number.isInteger(v) ? `${s}.0` : s;
}

const SURROGATE = /[\ud800-\udfff]/;

interface DumpOptions {
  /** Didit's V2 canonical form: a whole-valued float is written as an int. */
  shortenFloats?: boolean;
}

/** An integral double as Python prints the int it shortens to: every digit, never an exponent. */
function intText(v: number): string {
  return Number.isSafeInteger(v) ? String(v === 0 ? 0 : v) : BigInt(v).toString();
}

export function pythonDumps(value: PyValue, options: DumpOptions = {}): string {
  const shorten = options.shortenFloats === true;
  // The exact parser stops at 512 levels; the native one does not, so the writer checks too: a forged body
  // of 100,000 nested arrays overflowed the stack (500) before its signature was even compared.
  let depth = 0;
  const write = (v: PyValue): string => {
    if (v === null) return 'null';
    if (v === true) return 'true';
    if (v === false) return 'false';
    if (typeof v === 'string') return JSON.stringify(v);
    if (typeof v === 'number') return Number.isInteger(v) ? intText(v) : pythonFloatRepr(v);
    if (typeof v === 'bigint') return v.toString();
    if (v instanceof PyFloat) {
      return shorten && Number.isInteger(v.value) ? intText(v.value) : pythonFloatRepr(v.value);
    }
    if (++depth > MAX_DEPTH) throw new JsonSyntaxError('nesting too deep');
    const out = Array.isArray(v) ? writeArray(v) : writeObject(v);
    depth--;
    return out;
  };
  const writeArray = (v: PyValue[]): string => {
    let out = '[';
    for (let k = 0; k < v.length; k++) out += (k > 0 ? ',' : '') + write(v[k]!);
    return `${out}]`;
  };
  const writeObject = (v: { [key: string]: PyValue }): string => {
    const keys = Object.keys(v);
    // UTF-16 unit order is code point order unless a key holds a surrogate (an astral character).
    if (keys.some((k) => SURROGATE.test(k))) keys.sort(compareCodePoints);
    else keys.sort();
    let out = '{';
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k]!;
      out += `${k > 0 ? ',' : ''}${JSON.stringify(key)}:${write(v[key]!)}`;
    }
    return `${out}}`;
  };
  return write(value);
}

/**
 * An integer literal of 16+ digits, which native parsing could round (> 2^53). Digits after a decimal
 * point or before an exponent belong to a float, which both languages parse to the same double.
 * Conservative: a match inside a string only costs the slow path.
 */
const LONG_DIGIT_RUN = /(?<![\d.])\d{16,}(?![\d.eE])/;

/**
 * The exact text `X-Signature-V2` signs, computed from the raw body bytes.
 *
 * Fast path: after shortening, the one thing native `JSON.parse` loses is the exact value of long
 * integer literals (`95.0` and `95` both become 95, which the canonical form writes as `95` anyway), so
 * without a long digit run it gives the same canonical text as the exact parser at a fraction of the
 * cost. Both paths are checked against each other in the tests. `parsed`, when given, must be
 * `JSON.parse(raw)` (the caller already has it).
 */
export function canonicalize(raw: string, parsed?: unknown): string {
  if (!LONG_DIGIT_RUN.test(raw)) {
    let value: PyValue;
    try {
      value = (parsed !== undefined ? parsed : JSON.parse(raw)) as PyValue;
    } catch {
      return pythonDumps(parsePythonJson(raw), { shortenFloats: true }); // throws JsonSyntaxError
    }
    return pythonDumps(value, { shortenFloats: true });
  }
  return pythonDumps(parsePythonJson(raw), { shortenFloats: true });
}
