import { createHash } from 'node:crypto';
import { type PyValue, pythonDumps } from '@console/didit/python-json';

/**
 * The hash chain, in one place so the server and the offline verifier (`pnpm audit:verify`) compute it
 * identically.
 *
 *   hash = hex(SHA-256(prev_hash_hex || canonical_json(content)))
 *
 * `content` is the object below with `at` as an ISO-8601 UTC string with milliseconds
 * (`2026-11-22T05:00:00.000Z`), and `canonical_json` is Python's
 * `json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)` (see `pythonDumps`).
 * The first entry's `prev_hash` is 64 zeros.
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainEntry {
  seq: number;
  at: string;
  actor_id: string | null;
  actor_label: string;
  action: string;
  subject_type: string;
  subject_id: string | null;
  session_id: string | null;
  request_id: string | null;
  ip: string | null;
  user_agent: string | null;
  before: unknown;
  after: unknown;
  details: unknown;
  prev_hash: string;
  hash: string;
}

export const CHAIN_FIELDS = [
  'seq',
  'at',
  'actor_id',
  'actor_label',
  'action',
  'subject_type',
  'subject_id',
  'session_id',
  'request_id',
  'ip',
  'user_agent',
  'before',
  'after',
  'details',
  'prev_hash',
  'hash',
] as const satisfies readonly (keyof ChainEntry)[];

function entryContent(e: Omit<ChainEntry, 'prev_hash' | 'hash'>): string {
  return pythonDumps({
    seq: e.seq,
    at: e.at,
    actor_id: e.actor_id,
    actor_label: e.actor_label,
    action: e.action,
    subject_type: e.subject_type,
    subject_id: e.subject_id,
    session_id: e.session_id,
    request_id: e.request_id,
    ip: e.ip,
    user_agent: e.user_agent,
    before: (e.before ?? null) as PyValue,
    after: (e.after ?? null) as PyValue,
    details: (e.details ?? null) as PyValue,
  });
}

export function entryHash(prevHash: string, e: Omit<ChainEntry, 'prev_hash' | 'hash'>): string {
  return createHash('sha256').update(prevHash, 'utf8').update(entryContent(e), 'utf8').digest('hex');
}

/**
 * JSON values exactly as jsonb will give them back: `undefined` members dropped, dates as strings.
 * Hashing the round-tripped value keeps the server's hash equal to a recomputation from the stored row.
 */
export function normalizeJson(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value)) ?? null;
}

export type BrokenReason = 'seq_gap' | 'prev_hash_mismatch' | 'hash_mismatch' | 'malformed';

export interface ChainVerdict {
  ok: boolean;
  entries: number;
  head: { seq: number; hash: string } | null;
  first_broken?: { seq: number; reason: BrokenReason };
}

/** Checks entries in order; feed it batches and call `result()` at the end. */
export function chainVerifier(options: { expectFirstSeq?: number } = {}) {
  let expectedSeq = options.expectFirstSeq ?? 1;
  let prevHash: string | undefined = expectedSeq === 1 ? GENESIS_HASH : undefined;
  let entries = 0;
  let head: ChainVerdict['head'] = null;
  let broken: ChainVerdict['first_broken'];
  return {
    push(e: ChainEntry): void {
      entries++;
      if (broken) return;
      if (e.seq !== expectedSeq) broken = { seq: e.seq, reason: 'seq_gap' };
      else if (prevHash !== undefined && e.prev_hash !== prevHash) {
        broken = { seq: e.seq, reason: 'prev_hash_mismatch' };
      } else if (entryHash(e.prev_hash, e) !== e.hash) broken = { seq: e.seq, reason: 'hash_mismatch' };
      expectedSeq = e.seq + 1;
      prevHash = e.hash;
      head = { seq: e.seq, hash: e.hash };
    },
    markMalformed(seq: number): void {
      entries++;
      broken ??= { seq, reason: 'malformed' };
    },
    result(): ChainVerdict {
      return { ok: broken === undefined, entries, head, ...(broken ? { first_broken: broken } : {}) };
    },
  };
}
