import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import vector from './fixtures/python-signature-vector.json' with { type: 'json' };
import {
  canonicalize,
  compareCodePoints,
  PyFloat,
  type PyValue,
  parsePythonJson,
  pythonDumps,
  pythonFloatRepr,
} from './python-json.ts';
import { hmacHex, safeEqualHex, signatureHeaders, verifyWebhook } from './signature.ts';

// Computed by fixtures/python-signature-vector.py, the way Didit's Python server signs.
const SECRET = 'tno2NTeRC1ZK3sBOYlBJDyEzBVENl3pQ1AcZyAW0xnQ';
const TS = 1774970000;

describe('Python-compatible JSON', () => {
  it('re-serializes a Python body byte for byte, and canonicalizes it as Didit does', () => {
    expect(pythonDumps(parsePythonJson(vector.raw))).toBe(vector.raw);
    expect(canonicalize(vector.raw)).toBe(vector.canonical);
    expect(hmacHex(SECRET, canonicalize(vector.raw))).toBe(vector.v2);
  });

  it.each([
    [95, '95.0'],
    [1e-7, '1e-07'],
    [0.00012, '0.00012'],
    [1e16, '1e+16'],
    [1.5e300, '1.5e+300'],
    [-0, '-0.0'],
    [31.27, '31.27'],
  ])('writes float %s as Python repr %s', (v, repr) => {
    expect(pythonFloatRepr(v)).toBe(repr);
  });

  it('sorts keys by code point, as Python does', () => {
    expect(['\u{1F600}', '\uff5a', 'Z', 'a'].sort(compareCodePoints)).toEqual([
      'Z',
      'a',
      '\uff5a',
      '\u{1F600}',
    ]);
  });

  it('keeps a whole float as a float until asked to shorten it', () => {
    const v = { score: new PyFloat(95), n: 3 };
    expect(pythonDumps(v)).toBe('{"n":3,"score":95.0}');
    expect(pythonDumps(v, { shortenFloats: true })).toBe('{"n":3,"score":95}');
  });

  it('round-trips any JSON value through parse and dumps (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v);
        const again = pythonDumps(parsePythonJson(text), { shortenFloats: true });
        expect(JSON.parse(again)).toEqual(JSON.parse(text));
      }),
      { numRuns: 500 },
    );
  });

  it('canonicalizes the same on the fast native path as with the exact parser (property)', () => {
    const leaf = fc.oneof(
      fc.string({ unit: 'grapheme' }),
      fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => new PyFloat(d)),
      fc.integer().map((i) => new PyFloat(i)),
      fc.boolean(),
      fc.constant(null),
    );
    const tree = fc.letrec<{ node: PyValue }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('node')),
        fc.dictionary(fc.string({ unit: 'grapheme' }), tie('node')),
      ),
    })).node;
    fc.assert(
      fc.property(tree, (value) => {
        const raw = pythonDumps(value); // as Didit's Python writes it: 95.0, 1e-07, big ints
        expect(canonicalize(raw)).toBe(pythonDumps(parsePythonJson(raw), { shortenFloats: true }));
      }),
      { numRuns: 1000 },
    );
  });

  it.each(['', '{', '{"a":1,}', '[1 2]', '"\\x"', 'tru', '{"a":1}x', '01'])(
    'rejects malformed JSON %j',
    (t) => {
      expect(() => parsePythonJson(t)).toThrow();
    },
  );
});

describe('webhook signatures', () => {
  it('refuses a forged body nested past 512 levels as a bad signature instead of overflowing the stack', () => {
    const text = `{"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const raw = Buffer.from(text);
    const result = verifyWebhook(
      raw,
      { 'x-signature-v2': 'ab'.repeat(32), 'x-timestamp': String(TS) },
      SECRET,
      TS,
    );
    expect(result).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it.each(['[]', 'null', '"x"', '123:abc:Approved:status.updated'])(
    'refuses a body that is not a JSON object (%s) before comparing any signature',
    (text) => {
      const raw = Buffer.from(text);
      const result = verifyWebhook(
        raw,
        { 'x-signature': hmacHex(SECRET, raw), 'x-timestamp': String(TS) },
        SECRET,
        TS,
      );
      expect(result).toEqual({ ok: false, reason: 'not_json' });
    },
  );

  const raw = Buffer.from(vector.raw, 'utf8');

  it('accepts each scheme alone, computed by Python', () => {
    expect(
      verifyWebhook(raw, { 'x-signature-v2': vector.v2, 'x-timestamp': String(TS) }, SECRET, TS),
    ).toMatchObject({
      ok: true,
      scheme: 'v2',
    });
    expect(
      verifyWebhook(raw, { 'x-signature': vector.raw_sig, 'x-timestamp': String(TS) }, SECRET, TS),
    ).toMatchObject({
      ok: true,
      scheme: 'raw',
    });
    expect(
      verifyWebhook(raw, { 'x-signature-simple': vector.simple, 'x-timestamp': String(TS) }, SECRET, TS),
    ).toMatchObject({ ok: true, scheme: 'simple' });
  });

  it('signs what it verifies, with all three headers', () => {
    const headers = signatureHeaders(vector.raw, SECRET, TS);
    expect(headers['X-Signature']).toBe(vector.raw_sig);
    expect(headers['X-Signature-V2']).toBe(vector.v2);
    expect(headers['X-Signature-Simple']).toBe(vector.simple);
  });

  it('verifies V2 when a proxy re-encoded the bytes, where the raw signature cannot', () => {
    // Escaping non-ASCII changes the bytes but not the canonical form.
    const escaped = Buffer.from(
      vector.raw.replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`),
    );
    expect(escaped.equals(raw)).toBe(false);
    const ts = { 'x-timestamp': String(TS) };
    expect(
      verifyWebhook(
        escaped,
        { ...ts, 'x-signature-v2': vector.v2, 'x-signature': vector.raw_sig },
        SECRET,
        TS,
      ),
    ).toMatchObject({ ok: true, scheme: 'v2' });
    expect(verifyWebhook(escaped, { ...ts, 'x-signature': vector.raw_sig }, SECRET, TS)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('takes a valid X-Signature before re-serializing for V2, and records that one', () => {
    // Not canonical (key order, spaces): V2 alone needs the re-serialization; with X-Signature it is skipped.
    const body = JSON.stringify(
      { session_id: 's-1', status: 'Approved', webhook_type: 'status.updated' },
      null,
      1,
    );
    const headers = signatureHeaders(body, SECRET, TS);
    const bytes = Buffer.from(body);
    const ts = { 'x-timestamp': String(TS) };
    const both = verifyWebhook(
      bytes,
      { ...ts, 'x-signature-v2': headers['X-Signature-V2'], 'x-signature': headers['X-Signature'] },
      SECRET,
      TS,
    );
    expect(both).toMatchObject({ ok: true, scheme: 'raw', text: body });
    // A wrong X-Signature does not stop a valid V2 (the documented order accepts it too).
    expect(
      verifyWebhook(
        bytes,
        { ...ts, 'x-signature-v2': headers['X-Signature-V2'], 'x-signature': 'f'.repeat(64) },
        SECRET,
        TS,
      ),
    ).toMatchObject({ ok: true, scheme: 'v2' });
  });

  it.each([
    ['stale timestamp', { 'x-signature-v2': vector.v2, 'x-timestamp': String(TS - 301) }, 'stale_timestamp'],
    ['future timestamp', { 'x-signature-v2': vector.v2, 'x-timestamp': String(TS + 301) }, 'stale_timestamp'],
    ['no timestamp', { 'x-signature-v2': vector.v2 }, 'missing_timestamp'],
    ['non-numeric timestamp', { 'x-signature-v2': vector.v2, 'x-timestamp': '17e8' }, 'missing_timestamp'],
    ['no signature', { 'x-timestamp': String(TS) }, 'missing_signature'],
    ['short signature', { 'x-signature-v2': 'abc', 'x-timestamp': String(TS) }, 'bad_signature'],
    ['non-hex signature', { 'x-signature': 'z'.repeat(64), 'x-timestamp': String(TS) }, 'bad_signature'],
    ['wrong secret', { 'x-signature': hmacHex('other', raw), 'x-timestamp': String(TS) }, 'bad_signature'],
  ])('rejects %s', (_name, headers, reason) => {
    expect(verifyWebhook(raw, headers, SECRET, TS)).toEqual({ ok: false, reason });
  });

  it('never throws on arbitrary signatures', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(safeEqualHex(vector.v2, s)).toBe(s.toLowerCase() === vector.v2);
      }),
    );
  });
});
