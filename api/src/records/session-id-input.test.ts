/**
 * Every `GET /api/sessions/{id}/…` route over a real socket (the console served by `@hono/node-server`, the
 * sandbox as Didit), with ids a browser, a proxy or a fuzzer may send: raw UTF-8 bytes on the request line,
 * percent-encoded non-ASCII, broken percent-encoding, encoded CR/LF and quotes. None may answer 5xx. The
 * requests are written on a TCP socket because `fetch` and `http.request` refuse or re-encode such paths.
 *
 * The sessions with such ids EXIST here, as they did in the faults suite: the webhook intake files whatever
 * `session_id` an authentic delivery names, so a case can carry an id outside Didit's UUIDs. Its report then
 * renders, and the 500 came from Node refusing the `Content-Disposition` built from the raw id
 * (ERR_INVALID_CHAR, raised by `http` after the handler returned, so an in-process request never saw it).
 */
import net from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { useSandboxedConsole } from '../../test/review.ts';
import { applyEvent } from '../sessions/apply-event.ts';
import { eventFromDecision } from '../sessions/event-input.ts';

/** A reviewer, and an admin who is a reviewer too: every route answers one of them fully. */
const ctx = useSandboxedConsole({}, { reviewer: [['reviewer']], admin: [['admin', 'reviewer']] });
const users = () => [ctx.as.reviewer, ctx.as.admin];
let known: string;

beforeAll(async () => {
  [known] = (await ctx.seed(['In Review'])) as [string];
  const at = new Date();
  for (const id of STORED_IDS) {
    const result = await applyEvent(
      ctx.database.db,
      eventFromDecision({
        source: 'refresh',
        sessionId: id,
        decision: { session_id: id, status: 'In Review', session_kind: 'user' },
        fetchedAt: at,
        eventKey: `odd-id:${id}`,
      }),
      at,
    );
    expect(result.outcome).toBe('applied');
  }
});

/** One HTTP/1.1 GET written byte for byte; resolves to the status code (0 when the server hangs up). */
function rawGet(path: Buffer, headers: Record<string, string>): Promise<{ status: number; head: string }> {
  const { port } = new URL(ctx.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', reject);
    socket.on('close', () => {
      const head = Buffer.concat(chunks).toString('latin1').split('\r\n\r\n')[0] ?? '';
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      resolve({ status, head });
    });
    const lines = Object.entries({ host: `127.0.0.1:${port}`, connection: 'close', ...headers })
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    socket.write(Buffer.concat([Buffer.from('GET '), path, Buffer.from(` HTTP/1.1\r\n${lines}\r\n`)]));
  });
}

/** Session ids stored through the intake (as the faults suite's authentic fuzzed deliveries stored them). */
const STORED_IDS = ['caf\u00e9-\u4f1a\u8bdd', 'id-\u{1f600}', 'x\r\nSet-Cookie: a=b', 'q"; filename=evil'];

/** Ids as bytes on the request line: raw UTF-8, percent-encoded, malformed, and header-breaking ones. */
const IDS: [string, Buffer][] = [
  ['raw UTF-8 (Latin)', Buffer.from('caf\u00e9-\u00fc\u00df', 'utf8')],
  ['raw UTF-8 (CJK)', Buffer.from('\u4f1a\u8bdd-\u0928\u092e\u0938\u094d\u0924\u0947', 'utf8')],
  ['raw UTF-8 (emoji)', Buffer.from('id-\u{1f600}', 'utf8')],
  ['percent-encoded UTF-8', Buffer.from(encodeURIComponent('caf\u00e9-\u4f1a\u8bdd'))],
  ['percent-encoded emoji', Buffer.from(encodeURIComponent('\u{1f600}'))],
  ['latin-1 byte', Buffer.from([0x69, 0x64, 0xe9])],
  ['broken percent-encoding', Buffer.from('%E0%A4%A')],
  ['lone percent', Buffer.from('abc%')],
  ['encoded CR LF', Buffer.from('x%0D%0ASet-Cookie:%20a=b')],
  ['encoded quote and semicolon', Buffer.from('x%22%3B%20filename%3Devil')],
  ['encoded NUL', Buffer.from('x%00y')],
  ['encoded slash', Buffer.from('x%2Fy')],
  ...STORED_IDS.map((id): [string, Buffer] => [
    `stored ${JSON.stringify(id)}`,
    Buffer.from(encodeURIComponent(id)),
  ]),
  ['stored, raw UTF-8', Buffer.from(STORED_IDS[0]!, 'utf8')],
];

const ROUTES = [
  '',
  '/report.pdf',
  '/retention',
  '/aml-dispositions',
  '/notes',
  '/media',
  '/media/front',
  '/documents/0',
  '/review',
];

describe('GET /api/sessions/{id}/… over a real server', () => {
  it('serves the report of a stored non-ASCII id with an ASCII filename and its UTF-8 form', async () => {
    const res = await rawGet(Buffer.from(`/api/sessions/${encodeURIComponent(STORED_IDS[1]!)}/report.pdf`), {
      cookie: ctx.as.reviewer.cookie,
    });
    expect(res.status).toBe(200);
    expect(res.head).toContain(
      `\r\ncontent-disposition: attachment; filename="case_id-_.pdf"; filename*=UTF-8''case_id-%F0%9F%98%80.pdf`,
    );
  });

  it('answers a known session normally (the harness reaches the routes)', async () => {
    const res = await rawGet(Buffer.from(`/api/sessions/${known}/retention`), {
      cookie: ctx.as.reviewer.cookie,
    });
    expect(res.status).toBe(200);
  });

  for (const route of ROUTES) {
    it(`never answers 5xx for odd ids on /api/sessions/{id}${route}`, async () => {
      const failures: string[] = [];
      for (const who of users()) {
        for (const [label, id] of IDS) {
          const path = Buffer.concat([Buffer.from('/api/sessions/'), id, Buffer.from(route)]);
          const res = await rawGet(path, { cookie: who.cookie });
          if (res.status === 0 || res.status >= 500) failures.push(`${label}: ${res.status}`);
          else expect(res.head).not.toMatch(/\r\nSet-Cookie: a=b/i);
        }
      }
      expect(failures).toEqual([]);
    });
  }
});
