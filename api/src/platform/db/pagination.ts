import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { z } from 'zod';
import { AppError } from '../errors.ts';

/**
 * Keyset pagination for every list: an opaque cursor (base64url of a small JSON value naming the last row
 * of a page), one way to decode it (a cursor this console did not issue is the client's mistake:
 * VALIDATION, never a 500 from the database), one page shape (`{items, next_cursor}` from a query that
 * fetched one row too many) and one "after this row" condition for the next page's query.
 */

/** Longer than any cursor this console issues; a longer one is refused before decoding. */
const MAX_CURSOR_LENGTH = 400;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export interface CursorCodec<Key> {
  encode(key: Key): string;
  /** The key a cursor names; VALIDATION when `raw` is not a cursor this codec issued. */
  decode(raw: string): Key;
}

/**
 * A codec for one list's key. `wire` checks the decoded JSON; `fromWire` may refuse what the schema
 * cannot say (returning undefined). Both refusals are the same VALIDATION error.
 */
export function cursorCodec<Key, Wire>(spec: {
  wire: z.ZodType<Wire>;
  toWire: (key: Key) => Wire;
  fromWire: (wire: Wire) => Key | undefined;
}): CursorCodec<Key> {
  return {
    encode: (key) => Buffer.from(JSON.stringify(spec.toWire(key)), 'utf8').toString('base64url'),
    decode(raw) {
      const key = raw.length <= MAX_CURSOR_LENGTH && BASE64URL.test(raw) ? tryDecode(raw, spec) : undefined;
      if (key === undefined) throw new AppError('VALIDATION', 'cursor: malformed');
      return key;
    },
  };
}

function tryDecode<Key, Wire>(
  raw: string,
  spec: { wire: z.ZodType<Wire>; fromWire: (wire: Wire) => Key | undefined },
): Key | undefined {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = spec.wire.safeParse(json);
  return parsed.success ? spec.fromWire(parsed.data) : undefined;
}

/** Decodes an optional query parameter: absent or empty is the first page. */
export function decodeOptional<Key>(codec: CursorCodec<Key>, raw: string | undefined): Key | undefined {
  return raw === undefined || raw === '' ? undefined : codec.decode(raw);
}

/**
 * A JS date Postgres can compare with a timestamptz: JS reaches year ±271,821, Postgres stops at 4713 BC
 * (a cursor holding year -200000 answered 500 from the database). Years 1..9999 are all a cursor needs.
 */
function withinTimestampRange(d: Date): boolean {
  const y = d.getUTCFullYear();
  return !Number.isNaN(d.getTime()) && y >= 1 && y <= 9999;
}

/** The wire form of a time in a cursor: an ISO string; decodes to a Date Postgres can compare. */
export const cursorTime = z.iso.datetime({ offset: true });
export function timeFromWire(iso: string): Date | undefined {
  const d = new Date(iso);
  return withinTimestampRange(d) ? d : undefined;
}

/** The common key: a time and a row id as tie-breaker (ledgers, decisions). */
export interface TimeIdKey {
  at: Date;
  id: string;
}

/** `[ISO time, uuid]`: the cursor of lists ordered by (a time, a uuid id). */
export const timeIdCursor: CursorCodec<TimeIdKey> = cursorCodec({
  wire: z.tuple([cursorTime, z.uuid()]),
  toWire: (k: TimeIdKey) => [k.at.toISOString(), k.id] as [string, string],
  fromWire: ([at, id]) => {
    const time = timeFromWire(at);
    return time ? { at: time, id } : undefined;
  },
});

/** `{items, next_cursor}` from rows fetched with `limit + 1`: the extra row only says there is more. */
export function pageOf<Row, Key>(
  rows: readonly Row[],
  limit: number,
  codec: CursorCodec<Key>,
  keyOf: (row: Row) => Key,
): { items: Row[]; next_cursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, next_cursor: rows.length > limit && last !== undefined ? codec.encode(keyOf(last)) : null };
}

/**
 * The next page's condition for a list ordered by `(first, second)` in one direction: rows strictly after
 * (`asc`) or before (`desc`) the cursor's row, written as `a > x or (a = x and b > y)` so the index on
 * `(first, second)` serves it. Columns as `table.column` or `alias.column`.
 */
export function keysetAfter(
  columns: readonly [string, string],
  values: readonly [unknown, unknown],
  direction: 'asc' | 'desc',
): RawBuilder<SqlBool> {
  const [first, second] = [sql.ref(columns[0]), sql.ref(columns[1])];
  const cmp = sql.raw(direction === 'asc' ? '>' : '<');
  return sql<SqlBool>`(${first} ${cmp} ${values[0]} or (${first} = ${values[0]} and ${second} ${cmp} ${values[1]}))`;
}

/** Page sizes of the lists that let the client choose one. */
export const PAGE_SIZE = { default: 50, max: 200 } as const;
