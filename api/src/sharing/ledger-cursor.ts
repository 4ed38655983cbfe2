import { z } from 'zod';
import { AppError } from '../platform/errors.ts';

/**
 * The opaque keyset cursor of the share and reliance ledgers: the (time, id) of the last row of a page,
 * newest first. A cursor that does not decode is the client's mistake: VALIDATION, not a 500.
 */
export interface LedgerCursor {
  at: Date;
  id: string;
}

const shape = z.tuple([z.iso.datetime({ offset: true }), z.uuid()]);

export function encodeCursor(c: LedgerCursor): string {
  return Buffer.from(JSON.stringify([c.at.toISOString(), c.id])).toString('base64url');
}

export function decodeCursor(raw: string | undefined): LedgerCursor | undefined {
  if (raw === undefined || raw === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const ok = shape.safeParse(parsed);
  if (!ok.success) throw new AppError('VALIDATION', 'cursor: not a cursor this console issued');
  return { at: new Date(ok.data[0]), id: ok.data[1] };
}

export const PAGE_SIZE = { default: 50, max: 200 } as const;

/** `{items, next_cursor}` from a page fetched with one row too many. */
export function page<T>(rows: T[], limit: number, key: (row: T) => LedgerCursor) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, next_cursor: rows.length > limit && last ? encodeCursor(key(last)) : null };
}
