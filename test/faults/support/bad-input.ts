import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import { PyFloat, type PyValue, pythonDumps } from '@console/didit/python-json';
import { hmacHex, signatureHeaders, simpleMessage } from '@console/didit/signature';
import fc from 'fast-check';

/**
 * Property-based webhook requests. Each case knows whether it is authentic (signed with the destination's
 * secret over exactly the bytes sent, inside the timestamp window) or forged; the intake must answer 200
 * (or 413 when too large) to the first, 401 (or 413) to the second, and never a 5xx to either.
 */
export interface WebhookCase {
  kind: string;
  authentic: boolean;
  body: Buffer;
  headers: Record<string, string>;
  /** Send without Content-Length, in pieces. */
  chunked: boolean;
}

const EDGE_STRINGS = [
  'José',
  'Jose\u0301',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'x\ud83dy',
  '😀',
  '𝄞𝓐',
  '\u2028\u2029',
  '\ufeff',
  '\u202e',
  'ﬁ',
  '',
  ' ',
  '\\',
  '"',
  '</script>',
  'é'.normalize('NFD'),
  '한국어',
  'a'.repeat(5000),
];

const edgeString = fc.oneof(
  fc.constantFrom(...EDGE_STRINGS),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 20 }),
  // Any UTF-16 code unit, lone surrogates included.
  fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 12 }).map((a) => String.fromCharCode(...a)),
);

const STATUSES = [
  'Not Started',
  'In Progress',
  'Approved',
  'Declined',
  'In Review',
  'Abandoned',
  'Resubmitted',
  'IN_REVIEW',
  'KYC_EXPIRED',
];

const jsonLeaf: fc.Arbitrary<PyValue> = fc.oneof(
  edgeString,
  fc.integer(),
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => new PyFloat(d)),
  fc.constantFrom(new PyFloat(95), new PyFloat(1e-7), new PyFloat(1.5e300), new PyFloat(-0)),
  fc.boolean(),
  fc.constant(null),
);
const jsonValue: fc.Arbitrary<PyValue> = fc.letrec<{ v: PyValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    jsonLeaf,
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(edgeString, tie('v'), { maxKeys: 4 }),
  ),
})).v;

/** A Didit-shaped envelope with hostile values in places. */
const envelope = (nowS: number) =>
  fc
    .record({
      withEventId: fc.boolean(),
      sessionId: fc.oneof(fc.uuid().map(String), edgeString),
      status: fc.oneof(fc.constantFrom(...STATUSES), edgeString),
      webhookType: fc.oneof(
        fc.constantFrom('status.updated', 'data.updated', 'business.status.updated', 'activity.created'),
        edgeString,
      ),
      name: edgeString,
      extra: jsonValue,
      skew: fc.integer({ min: -200, max: 200 }),
    })
    .map((r) => {
      const ts = nowS + r.skew;
      const body: Record<string, PyValue> = {
        webhook_type: r.webhookType,
        timestamp: ts,
        created_at: ts - 3,
        session_id: r.sessionId,
        status: r.status,
        vendor_data: r.name,
        metadata: { extra: r.extra },
        decision: {
          session_id: r.sessionId,
          status: r.status,
          id_verifications: [{ full_name: r.name, first_name: r.name, status: 'Approved', warnings: [] }],
          liveness_checks: [{ score: new PyFloat(95), status: 'Approved', warnings: [] }],
        },
      };
      if (r.withEventId) body.event_id = randomUUID();
      return { body, ts };
    });

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  '',
  'application/json\u0000',
];

function headersFor(raw: Buffer, secret: string, ts: number, which: ('v2' | 'raw' | 'simple')[]) {
  let all: Record<string, string>;
  try {
    all = signatureHeaders(raw.toString('utf8'), secret, ts);
  } catch {
    // Not JSON: only the raw-bytes signature exists for it.
    all = { 'X-Signature': hmacHex(secret, raw), 'X-Timestamp': String(ts) };
  }
  all['X-Signature'] = hmacHex(secret, raw);
  const out: Record<string, string> = { 'X-Timestamp': String(ts) };
  if (which.includes('v2') && all['X-Signature-V2']) out['X-Signature-V2'] = all['X-Signature-V2'];
  if (which.includes('raw')) out['X-Signature'] = all['X-Signature'];
  if (which.includes('simple') && all['X-Signature-Simple'])
    out['X-Signature-Simple'] = all['X-Signature-Simple'];
  return out;
}

function isJsonObject(raw: Buffer): boolean {
  try {
    const v: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  } catch {
    return false;
  }
}

const schemes = fc.subarray(['v2', 'raw', 'simple'] as const, { minLength: 1 });

function mutateBytes(b: Buffer, at: number, kind: number): Buffer {
  if (b.length === 0) return Buffer.from(' ');
  const i = at % b.length;
  switch (kind % 4) {
    case 0: {
      const c = Buffer.from(b);
      c[i] = c[i]! ^ 0x01;
      return c;
    }
    case 1:
      return b.subarray(0, i);
    case 2:
      return Buffer.concat([b, Buffer.from(' ')]);
    default:
      return Buffer.from(
        b.toString('utf8').normalize('NFD') === b.toString('utf8')
          ? `${b.toString('utf8')}\n`
          : b.toString('utf8').normalize('NFD'),
      );
  }
}

/** The generator. `nowS` is the server's idea of now (same machine). */
export function webhookCases(secret: string, nowS: number): fc.Arbitrary<WebhookCase> {
  const ct = fc.constantFrom(...CONTENT_TYPES);
  const withCt = (h: Record<string, string>, c: string) => (c ? { ...h, 'Content-Type': c } : h);
  const chunked = fc.boolean();

  // Authentic: signed with the secret over exactly these bytes, inside the window.
  const authentic = fc.tuple(envelope(nowS), schemes, ct, chunked).map(([e, which, c, ch]) => {
    const raw = Buffer.from(pythonDumps(e.body), 'utf8');
    // Simple alone authenticates the envelope only; it needs the body's own timestamp in the header.
    return {
      kind: `authentic:${which.join('+')}`,
      authentic: true,
      body: raw,
      headers: withCt(headersFor(raw, secret, e.ts, which), c),
      chunked: ch,
    };
  });
  const authenticGarbage = fc
    .tuple(
      fc.oneof(
        fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
        fc
          .constantFrom(
            '',
            '{',
            '[]',
            'null',
            '"x"',
            '{"a":1,}',
            '{"webhook_type":"status.updated"',
            '\ufeff{}',
            '{"a":"\\ud800"}',
            '{"a":"\\u0000"}',
            '1e999',
            '{"a":1e400}',
            '{"session_id":{"$ne":1}}',
          )
          .map((s) => Buffer.from(s)),
        fc.constant(Buffer.from([0xff, 0xfe, 0x7b, 0x7d])),
      ),
      fc.integer({ min: -200, max: 200 }),
      ct,
      chunked,
    )
    .map(([raw, skew, c, ch]) => ({
      // A body that is not a JSON object is refused with 400 before any signature check (issue 14 item 9).
      kind: isJsonObject(raw) ? 'authentic:malformed-body' : 'authentic:not-a-json-object',
      authentic: true,
      body: raw,
      headers: withCt({ 'X-Signature': hmacHex(secret, raw), 'X-Timestamp': String(nowS + skew) }, c),
      chunked: ch,
    }));

  const forgedWrongSecret = fc
    .tuple(envelope(nowS), schemes, fc.string({ minLength: 0, maxLength: 60 }), ct, chunked)
    .map(([e, which, other, c, ch]) => {
      const raw = Buffer.from(pythonDumps(e.body), 'utf8');
      return {
        kind: 'forged:wrong-secret',
        authentic: false,
        body: raw,
        headers: withCt(headersFor(raw, other === secret ? `${other}x` : other, e.ts, which), c),
        chunked: ch,
      };
    });
  const forgedTampered = fc
    .tuple(
      envelope(nowS),
      fc.constantFrom<('v2' | 'raw')[]>(['raw'], ['v2'], ['v2', 'raw']),
      fc.nat(),
      fc.nat(),
      ct,
    )
    .map(([e, which, at, kind, c]) => {
      const raw = Buffer.from(pythonDumps(e.body), 'utf8');
      const sent = mutateBytes(raw, at, kind);
      // A mutation that leaves the canonical form (and so V2) intact is not a forgery: whitespace after the
      // body. Only count it forged when every sent signature is over different content.
      return {
        kind: `forged:tampered-${kind % 4}`,
        authentic: false,
        body: sent,
        headers: withCt(headersFor(raw, secret, e.ts, which), c),
        chunked: false,
        original: raw,
        which,
      };
    });
  const forgedBadSig = fc
    .tuple(
      envelope(nowS),
      fc.constantFrom('X-Signature', 'X-Signature-V2', 'X-Signature-Simple'),
      fc.oneof(
        fc.constant(''),
        fc.string({ maxLength: 80 }),
        fc.stringMatching(/^[0-9a-f]{1,63}$/),
        fc.stringMatching(/^[0-9a-f]{65,130}$/),
        fc.stringMatching(/^[0-9A-F]{64}$/),
        fc.constant('0'.repeat(64)),
        fc.constant('g'.repeat(64)),
        fc.constant('é'.repeat(32)),
        fc.constant('a'.repeat(8000)),
      ),
    )
    .map(([e, header, sig]) => {
      const raw = Buffer.from(pythonDumps(e.body), 'utf8');
      const good = headersFor(raw, secret, e.ts, ['v2', 'raw', 'simple'])[header] ?? '';
      // A truncated good signature is the nastiest: prefix of the right digest.
      const value = sig.length % 3 === 0 && good ? good.slice(0, sig.length % 64) : sig;
      return {
        kind: `forged:bad-${header.toLowerCase()}`,
        authentic: false,
        body: raw,
        headers: { 'Content-Type': 'application/json', 'X-Timestamp': String(e.ts), [header]: value },
        chunked: false,
      };
    });
  const forgedTime = fc
    .tuple(
      envelope(nowS),
      schemes,
      fc.oneof(
        // 100 s past the window either way: a batch takes seconds to send, the window must not catch up with it.
        fc.integer({ min: 400, max: 10_000_000 }).map((d) => String(nowS - d)),
        fc.integer({ min: 400, max: 10_000_000 }).map((d) => String(nowS + d)),
        fc.constantFrom(
          '',
          ' ',
          '-1',
          '0',
          '1e9',
          `${nowS}.5`,
          `0x${nowS.toString(16)}`,
          '١٢٣',
          'NaN',
          'Infinity',
          '9'.repeat(40),
          ` ${nowS - 400}`,
        ),
      ),
    )
    .map(([e, which, ts]) => {
      const body = { ...e.body, timestamp: /^\d+$/.test(ts) && ts.length < 15 ? Number(ts) : e.ts };
      const raw = Buffer.from(pythonDumps(body), 'utf8');
      const h = headersFor(raw, secret, Number(ts) || 0, which);
      h['X-Timestamp'] = ts;
      return {
        kind: 'forged:timestamp',
        authentic: false,
        body: raw,
        headers: { ...h, 'Content-Type': 'application/json' },
        chunked: false,
        ts,
      };
    });
  const forgedSimpleReplay = envelope(nowS).map((e) => {
    // Simple covers only timestamp:session:status:type. Signed for another header time, or with the body's
    // timestamp changed, it must not pass.
    const raw = Buffer.from(pythonDumps({ ...e.body, timestamp: e.ts - 1 }), 'utf8');
    const sig = hmacHex(
      secret,
      simpleMessage({
        timestamp: e.ts,
        session_id: e.body.session_id,
        status: e.body.status,
        webhook_type: e.body.webhook_type,
      }),
    );
    return {
      kind: 'forged:simple-mismatch',
      authentic: false,
      body: raw,
      headers: { 'Content-Type': 'application/json', 'X-Timestamp': String(e.ts), 'X-Signature-Simple': sig },
      chunked: false,
    };
  });
  const forgedNoSig = envelope(nowS).map((e) => ({
    kind: 'forged:no-signature',
    authentic: false,
    body: Buffer.from(pythonDumps(e.body), 'utf8'),
    headers: { 'Content-Type': 'application/json', 'X-Timestamp': String(e.ts) },
    chunked: false,
  }));

  return fc
    .oneof(
      { arbitrary: authentic, weight: 6 },
      { arbitrary: authenticGarbage, weight: 2 },
      { arbitrary: forgedWrongSecret, weight: 2 },
      { arbitrary: forgedTampered, weight: 3 },
      { arbitrary: forgedBadSig, weight: 3 },
      { arbitrary: forgedTime, weight: 2 },
      { arbitrary: forgedSimpleReplay, weight: 1 },
      { arbitrary: forgedNoSig, weight: 1 },
    )
    .map((c) => reclassify(c as WebhookCase & { original?: Buffer; which?: string[] }, secret));
}

/** A tampering that the signatures sent cannot see (e.g. NFD of a body with no accents) is no forgery. */
function reclassify(c: WebhookCase & { original?: Buffer; which?: string[] }, secret: string): WebhookCase {
  const { original, which, ...rest } = c;
  if (!original || !which) return rest;
  const same =
    (which.includes('raw') && Buffer.compare(original, c.body) === 0) ||
    (which.includes('v2') && sameCanonical(original, c.body, secret));
  return same ? { ...rest, authentic: true, kind: `${rest.kind}-noop` } : rest;
}

function sameCanonical(a: Buffer, b: Buffer, secret: string): boolean {
  try {
    const ha = signatureHeaders(a.toString('utf8'), secret, 0)['X-Signature-V2'];
    const hb = signatureHeaders(new TextDecoder('utf-8', { fatal: true }).decode(b), secret, 0)[
      'X-Signature-V2'
    ];
    return ha === hb;
  } catch {
    return false;
  }
}

/** Oversized bodies: declared and chunked, signed or not; always 413, never read whole. */
export function oversizedCase(secret: string, nowS: number, bytes: number, chunked: boolean): WebhookCase {
  const body = Buffer.alloc(bytes, 0x20);
  body[0] = 0x7b;
  body[bytes - 1] = 0x7d;
  return {
    kind: chunked ? 'oversized:chunked' : 'oversized:declared',
    authentic: true,
    body,
    headers: {
      'Content-Type': 'application/json',
      'X-Timestamp': String(nowS),
      'X-Signature': hmacHex(secret, body),
    },
    chunked,
  };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

/** Sends one case over plain node:http so chunking and odd headers are exactly as generated. */
export function sendCase(
  baseUrl: string,
  c: WebhookCase,
  path = '/webhooks/didit',
): Promise<number | 'error'> {
  const url = new URL(path, baseUrl);
  return new Promise((resolve) => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(c.headers)) {
      // node:http refuses control characters in header values; send what a client could.
      const printable = [...v].filter((ch) => ch.charCodeAt(0) >= 0x20 && ch !== '\x7f').join('');
      headers[k] = [...printable].some((ch) => ch.charCodeAt(0) > 0xff)
        ? Buffer.from(printable, 'utf8').toString('latin1')
        : printable;
    }
    if (!c.chunked) headers['Content-Length'] = String(c.body.length);
    const req = http.request(url, { method: 'POST', headers, agent, timeout: 15_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 'error'));
      res.on('error', () => resolve('error'));
    });
    req.on('error', () => resolve('error'));
    req.on('timeout', () => req.destroy());
    if (c.chunked) {
      const step = Math.max(1, Math.ceil(c.body.length / 3));
      for (let i = 0; i < c.body.length; i += step) req.write(c.body.subarray(i, i + step));
      req.end();
    } else req.end(c.body);
  });
}

export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
