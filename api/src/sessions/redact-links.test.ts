import { randomUUID } from 'node:crypto';
import { type PyValue, pythonDumps } from '@console/didit/python-json';
import { generateDecision } from '@console/sandbox/generator';
import { describe, expect, it } from 'vitest';
import { up as redactStored } from '../../../migrations/2026-12-06T22-00-00-redact-media-links.ts';
import { createTestDatabaseBefore } from '../../test/migrations.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';
import { applyEvent } from './apply-event.ts';
import { eventFromDecision } from './event-input.ts';
import { isBearerLink, redactLinks, redactLinksInJson } from './redact-links.ts';
import { sessionDecision } from './sessions.repository.ts';

const S3 =
  'https://bucket.s3.eu-west-1.amazonaws.com/x/front.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc';
const SANDBOX = 'http://127.0.0.1:4000/media/0b0c/portrait.svg?expires=1&signature=ff';

describe('bearer links', () => {
  it('replaces presigned links and session_url with null, keeping every other byte', () => {
    const text = `{"session_url": "https://verify.didit.me/session/tok", "id_verifications": [{"front_image": "${S3}", "portrait_image":"${SANDBOX}", "score": 95.0}], "callback": "https://example.com/done", "note": "see https://x.test/?a=1 in text"}`;
    const out = redactLinksInJson(text);
    expect(out).toBe(
      '{"session_url": null, "id_verifications": [{"front_image": null, "portrait_image":null, "score": 95.0}], "callback": "https://example.com/done", "note": "see https://x.test/?a=1 in text"}',
    );
    expect(JSON.parse(out)).toBeTruthy();
  });

  it('is not fooled by escaped quotes inside a value', () => {
    const text = JSON.stringify({ a: `say "${S3}"`, b: S3 });
    const out = JSON.parse(redactLinksInJson(text));
    expect(out).toEqual({ a: `say "${S3}"`, b: null });
  });

  it('gives, on decisions and crafted text, what the literal-by-literal regex reading gives', () => {
    // The first version, kept as the reference: a regex over every string literal, each key decoded.
    const reference = (text: string): string => {
      if (!/https?:/i.test(text)) return text;
      let lastKey: string | undefined;
      return text.replace(/"(?:[^"\\]|\\.)*"/g, (literal, offset: number) => {
        const after = text.slice(offset + literal.length, offset + literal.length + 8).trimStart();
        if (after.startsWith(':')) {
          lastKey = JSON.parse(literal) as string;
          return literal;
        }
        const key = lastKey;
        lastKey = undefined;
        if (!/^"https?:/i.test(literal)) return literal;
        const value = JSON.parse(literal) as string;
        return isBearerLink(key, value) ? 'null' : literal;
      });
    };
    const texts: string[] = [];
    for (const [i, status] of ['Approved', 'Declined', 'In Review', 'Approved', 'In Review'].entries()) {
      const decision = generateDecision({
        seed: i + 1,
        sessionId: randomUUID(),
        sessionNumber: i,
        kind: i % 2 ? 'business' : 'user',
        status,
        workflowId: randomUUID(),
        sessionUrl: `https://verify.didit.me/session/${i}`,
      });
      texts.push(pythonDumps(decision as PyValue), JSON.stringify(decision, null, 2));
    }
    texts.push(
      `{"session_url" :  "HTTPS://verify.didit.me/x", "a": "${S3}", "b":"Http://h/p?sig=1"}`,
      // Whitespace before a colon: up to seven characters still makes a key, eight do not (as the regex read it).
      `{"front_image"       : "${S3}", "session_url"        : "https://v/x"}`,
      `{"session_url": [1, "https://v/one", "https://v/two"], "k": 2, "x": "${SANDBOX}"}`,
      `{"a\\\\": "${S3}", "b": "q\\\\\\"https://x?signature=1", "c\\"d": "https://v/?token=t"}`,
      `{"list": ["${S3}", "http:/", "https:", "ht"], "session_url": "ftp://x", "u": "https://v/x?expires=1"}`,
    );
    for (const text of texts) {
      expect(JSON.parse(text)).toBeTruthy();
      const out = redactLinksInJson(text);
      expect(out).toBe(reference(text));
      expect(JSON.parse(out)).toBeTruthy();
    }
    // The decisions had links to take out, and the crafted texts exercise both outcomes.
    expect(texts.filter((t) => redactLinksInJson(t) !== t).length).toBeGreaterThan(10);
    expect(redactLinksInJson(texts.at(-4)!)).toContain('"session_url"        : "https://v/x"');
  });

  it('redacts a parsed document the same way', () => {
    expect(redactLinks({ session_url: 'https://v/x', list: [{ back_image: S3 }], n: 1 })).toEqual({
      session_url: null,
      list: [{ back_image: null }],
      n: 1,
    });
  });
});

describe('the migration that redacts links stored before', () => {
  it('nulls them in raw bodies, payloads and session documents, and leaves other rows alone', async () => {
    // The schema it ran on: sessions still held copies of the documents (dropped by the migration named).
    const database = await createTestDatabaseBefore('2026-12-07T12-00-00-decision-in-event-log');
    try {
      const sid = randomUUID();
      const decision = {
        session_id: sid,
        status: 'In Review',
        session_url: 'https://verify.didit.me/session/tok',
        id_verifications: [{ front_image: S3, portrait_image: SANDBOX, full_name: 'Ana' }],
      };
      // An event as an older console stored it: the links kept.
      const text = JSON.stringify(decision);
      const event = eventFromDecision({
        source: 'refresh',
        sessionId: sid,
        decision,
        fetchedAt: new Date(),
        eventKey: `k:${sid}`,
      });
      await applyEvent(database.db, { ...event, rawBody: Buffer.from(text), payloadJson: text }, new Date());
      const plain = randomUUID();
      const other = eventFromDecision({
        source: 'refresh',
        sessionId: plain,
        decision: { session_id: plain, status: 'Approved' },
        fetchedAt: new Date(),
        eventKey: `k:${plain}`,
      });
      await applyEvent(database.db, other, new Date());

      await redactStored(database.db);
      await migrateToLatest(database.db);

      const ev = await database.db
        .selectFrom('webhook_events')
        .selectAll()
        .where('session_id', '=', sid)
        .executeTakeFirstOrThrow();
      const expected = {
        session_id: sid,
        status: 'In Review',
        session_url: null,
        id_verifications: [{ front_image: null, portrait_image: null, full_name: 'Ana' }],
      };
      expect(JSON.parse(Buffer.from(ev.raw_body).toString('utf8'))).toEqual(expected);
      expect(ev.payload).toEqual(expected);
      const session = await database.db
        .selectFrom('sessions')
        .select(sessionDecision.as('decision'))
        .where('session_id', '=', sid)
        .executeTakeFirstOrThrow();
      expect(session.decision).toEqual(expected);
      const untouched = await database.db
        .selectFrom('webhook_events')
        .selectAll()
        .where('session_id', '=', plain)
        .executeTakeFirstOrThrow();
      expect(Buffer.from(untouched.raw_body).toString('utf8')).toBe(
        JSON.stringify({ session_id: plain, status: 'Approved' }),
      );
    } finally {
      await database.close();
    }
  });
});
