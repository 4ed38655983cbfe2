import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { up as redactStored } from '../../../migrations/2026-12-06T22-00-00-redact-media-links.ts';
import { createTestDatabase } from '../../test/database.ts';
import { applyEvent } from './apply-event.ts';
import { eventFromDecision } from './event-input.ts';
import { redactLinks, redactLinksInJson } from './redact-links.ts';

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
    const database = await createTestDatabase();
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
        .selectAll()
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
