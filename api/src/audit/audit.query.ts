import type { Kysely } from 'kysely';
import { z } from 'zod';
import { cursorCodec, decodeOptional, pageOf } from '../platform/db/pagination.ts';
import type { DB } from '../schema.ts';
import { type ChainVerdict, chainVerifier } from './audit.chain.ts';
import { CSV_HEADER, csvLine } from './audit.csv.ts';
import { explainEntries } from './audit.enrich.ts';
import { auditRowsOldestFirst, findAuditHead, listAuditRows, toChainEntry } from './audit.repository.ts';

const BATCH = 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AuditQuery {
  actor?: string | undefined;
  action?: string | undefined;
  session_id?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

/** The seq of the last entry of a page (newest first). */
const seqCursor = cursorCodec({
  wire: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  toWire: (seq: number) => seq,
  fromWire: (seq) => seq,
});

/**
 * Newest first. The filters take what the table shows: `actor` a user id or part of a name, email or label;
 * `action` the start of an action; `session_id` a session id or its start. Each page comes with the names
 * of the people it mentions and what the entries refer to (note text, decision comments).
 */
export async function listAudit(db: Kysely<DB>, q: AuditQuery) {
  const limit = q.limit ?? 50;
  const actor = q.actor?.trim();
  const rows = await listAuditRows(
    db,
    {
      actorId: actor && UUID.test(actor) ? actor : undefined,
      actorText: actor && !UUID.test(actor) ? actor : undefined,
      actionPrefix: q.action?.trim() || undefined,
      sessionIdPrefix: q.session_id?.trim() || undefined,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      beforeSeq: decodeOptional(seqCursor, q.cursor),
    },
    limit + 1,
  );
  const page = pageOf(rows.map(toChainEntry), limit, seqCursor, (e) => e.seq);
  return { ...page, ...(await explainEntries(db, page.items)) };
}

/** Walks the whole chain from seq 1, recomputing every hash. */
export async function verifyAuditLog(db: Kysely<DB>): Promise<ChainVerdict> {
  const verifier = chainVerifier();
  let after = 0;
  for (;;) {
    const rows = await auditRowsOldestFirst(db, { afterSeq: after }, BATCH);
    for (const r of rows) verifier.push(toChainEntry(r));
    if (rows.length < BATCH) break;
    after = Number(rows.at(-1)!.seq);
  }
  return verifier.result();
}

export type ExportFormat = 'jsonl' | 'csv';

/**
 * The log up to the head at the time of the request, oldest first, read in batches as the client
 * consumes it (back-pressure), so a large log never sits in memory.
 */
export async function exportAudit(db: Kysely<DB>, format: ExportFormat): Promise<ReadableStream<Uint8Array>> {
  const head = await findAuditHead(db);
  const last = head ? Number(head.seq) : 0;
  const encoder = new TextEncoder();
  let after = 0;
  let headerSent = format !== 'csv';
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(CSV_HEADER));
        return;
      }
      if (after >= last) {
        controller.close();
        return;
      }
      const rows = (await auditRowsOldestFirst(db, { afterSeq: after }, BATCH)).filter(
        (r) => Number(r.seq) <= last,
      );
      if (rows.length === 0) {
        controller.close();
        return;
      }
      after = Number(rows.at(-1)!.seq);
      const text = rows
        .map((r) => {
          const e = toChainEntry(r);
          return format === 'csv' ? csvLine(e) : `${JSON.stringify(e)}\n`;
        })
        .join('');
      controller.enqueue(encoder.encode(text));
    },
  });
}
