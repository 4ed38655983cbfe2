import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestDatabase } from '../../../test/database.ts';
import type { Database } from './database.ts';
import {
  cursorCodec,
  decodeOptional,
  keysetAfter,
  pageOf,
  type TimeIdKey,
  timeIdCursor,
} from './pagination.ts';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
const ID = '0b5a7c1e-4f7d-4c55-9a55-2f1d2c3b4a59';

describe('cursor codecs', () => {
  it('round-trips a (time, id) key, opaque to the client', () => {
    const key = { at: new Date('2026-12-07T05:00:00.123Z'), id: ID };
    const raw = timeIdCursor.encode(key);
    expect(raw).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(timeIdCursor.decode(raw)).toEqual(key);
  });

  it('round-trips any key its wire schema describes', () => {
    const seq = cursorCodec({ wire: z.number().int().min(1), toWire: (n: number) => n, fromWire: (n) => n });
    expect(seq.decode(seq.encode(9_007_199_254_740_991))).toBe(9_007_199_254_740_991);
  });

  it.each([
    ['not base64url', 'not*base64'],
    ['empty', ''],
    ['longer than any cursor issued', 'A'.repeat(401)],
    ['not JSON', b64('s123')],
    ['JSON of the wrong shape', b64('{"a":1}')],
    ['a tuple too short', b64(`["2026-12-07T05:00:00Z"]`)],
    ['a tuple too long', b64(`["2026-12-07T05:00:00Z","${ID}","x"]`)],
    ['a time that is not a time', b64(`["nope","${ID}"]`)],
    ['a year Postgres cannot compare', b64(`["-200000-01-01T00:00:00Z","${ID}"]`)],
    ['an id that is not a uuid', b64('["2026-12-07T05:00:00Z","x"]')],
  ])('refuses a cursor that is %s with VALIDATION', (_what, raw) => {
    expect(() => timeIdCursor.decode(raw)).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
  });

  it('refuses what the wire schema accepts but the key cannot be', () => {
    const even = cursorCodec({
      wire: z.number(),
      toWire: (n: number) => n,
      fromWire: (n) => (n % 2 === 0 ? n : undefined),
    });
    expect(() => even.decode(even.encode(3))).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
  });

  it('treats an absent or empty query parameter as the first page', () => {
    expect(decodeOptional(timeIdCursor, undefined)).toBeUndefined();
    expect(decodeOptional(timeIdCursor, '')).toBeUndefined();
  });
});

describe('pages and the next-page condition', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    await sql`create table pages (at timestamptz not null, id uuid not null)`.execute(database.db);
    // Nine rows over five times: ties on `at` are broken by `id`.
    const times = [1, 1, 2, 3, 3, 3, 4, 5, 5].map((m) => new Date(Date.UTC(2026, 11, 7, 5, m)));
    for (const [i, at] of times.entries()) {
      const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      await sql`insert into pages (at, id) values (${at}, ${id})`.execute(database.db);
    }
  });
  afterAll(async () => {
    await database.close();
  });

  async function walk(direction: 'asc' | 'desc', limit: number) {
    const seen: TimeIdKey[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const after: TimeIdKey | undefined = cursor === null ? undefined : timeIdCursor.decode(cursor);
      let q = (database.db as unknown as Kysely<{ pages: TimeIdKey }>)
        .selectFrom('pages as p')
        .select(['p.at', 'p.id'])
        .orderBy('p.at', direction)
        .orderBy('p.id', direction)
        .limit(limit + 1);
      if (after) q = q.where(keysetAfter(['p.at', 'p.id'], [after.at, after.id], direction));
      const page = pageOf(await q.execute(), limit, timeIdCursor, (r) => r);
      expect(page.items.length).toBeLessThanOrEqual(limit);
      seen.push(...page.items);
      cursor = page.next_cursor;
      pages++;
    } while (cursor !== null);
    return { seen, pages };
  }

  it.each([
    ['asc', 2],
    ['desc', 2],
    ['asc', 4],
    ['desc', 9],
  ] as const)('walks every row once, in order, %s by %i', async (direction, limit) => {
    const { seen, pages } = await walk(direction, limit);
    expect(seen).toHaveLength(9);
    expect(new Set(seen.map((r) => r.id)).size).toBe(9);
    const keys = seen.map((r) => `${r.at.toISOString()} ${r.id}`);
    const sorted = [...keys].sort();
    expect(keys).toEqual(direction === 'asc' ? sorted : sorted.reverse());
    expect(pages).toBe(Math.ceil(9 / limit));
  });

  it('says there is no next page when the extra row is absent', () => {
    expect(pageOf([1, 2], 2, timeIdCursor, () => ({ at: new Date(), id: ID })).next_cursor).toBeNull();
  });
});
