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
  const value = (depth: number): PyValue => {
    if (depth > 512) fail('nesting too deep');
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const obj: Record<string, PyValue> = {};
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a key');
        const key = string();
        ws();
        if (text[i] !== ':') fail('expected ":"');
        i++;
        const v = value(depth + 1);
        Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true, configurable: true });
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return obj;
        } else fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      i++;
      const arr: PyValue[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value(depth + 1));
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return arr;
        } else fail('expected "," or "]"');
      }
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

export interface DumpOptions {
  /** Didit's V2 canonical form: a whole-valued float is written as an int. */
  shortenFloats?: boolean;
}

export function pythonDumps(value: PyValue, options: DumpOptions = {}): string {
  const out: string[] = [];
  const write = (v: PyValue): void => {
    if (v === null) out.push('null');
    else if (v === true) out.push('true');
    else if (v === false) out.push('false');
    else if (typeof v === 'string') out.push(JSON.stringify(v));
    else if (typeof v === 'bigint') out.push(v.toString());
    else if (typeof v === 'number') {
      out.push(Number.isInteger(v) ? BigInt(v).toString() : pythonFloatRepr(v));
    } else if (v instanceof PyFloat) {
      out.push(
        options.shortenFloats && Number.isInteger(v.value)
          ? BigInt(v.value).toString()
          : pythonFloatRepr(v.value),
      );
    } else if (Array.isArray(v)) {
      out.push('[');
      v.forEach((item, k) => {
        if (k > 0) out.push(',');
        write(item);
      });
      out.push(']');
    } else {
      out.push('{');
      const keys = Object.keys(v).sort(compareCodePoints);
      keys.forEach((key, k) => {
        if (k > 0) out.push(',');
        out.push(JSON.stringify(key), ':');
        write(v[key]!);
      });
      out.push('}');
    }
  };
  write(value);
  return out.join('');
}

/** The exact text `X-Signature-V2` signs, computed from the raw body bytes. */
export function canonicalize(raw: string): string {
  return pythonDumps(parsePythonJson(raw), { shortenFloats: true });
}
