import { randomBytes, randomUUID } from 'node:crypto';
import { signatureHeaders } from '@console/didit/signature';
import pg from 'pg';
import { planEvents } from './events.ts';

/**
 * Forged webhooks a scenario sends alongside its real ones, so its "forged accepted" column is counted from
 * what happened: each forgery's answer, and whether any of its bytes or sessions reached the database.
 * Kinds: signed with another secret, signed then tampered (session id swapped), signed but an hour old
 * (outside the ±300 s window), and unsigned. Every forgery is about a session id nothing else uses.
 */
interface Forgery {
  kind: 'wrong-secret' | 'tampered' | 'stale' | 'unsigned';
  raw: string;
  headers: Record<string, string>;
  /** Session ids a stored forgery would show up under (the tampered one has two). */
  sessionIds: string[];
  /** HTTP status, `network`/`timeout`, or undefined while unsent. */
  answer?: number | 'network' | 'timeout';
}

const KINDS: Forgery['kind'][] = ['wrong-secret', 'tampered', 'stale', 'unsigned'];

export function makeForgeries(secret: string, count: number, rnd: () => number): Forgery[] {
  const now = Math.floor(Date.now() / 1000);
  // One event per session (its first), so every forgery has sessions of its own.
  const firsts = (startSeconds: number) =>
    planEvents({ sessions: count, startSeconds, random: rnd }).filter(
      (e, k, all) => k === 0 || all[k - 1]!.sessionId !== e.sessionId,
    );
  const fresh = firsts(now);
  const old = firsts(now - 3_600);
  return Array.from({ length: count }, (_, i): Forgery => {
    const kind = KINDS[i % KINDS.length]!;
    const e = (kind === 'stale' ? old : fresh)[i]!;
    const json = { 'Content-Type': 'application/json' };
    switch (kind) {
      case 'wrong-secret':
        return {
          kind,
          raw: e.raw,
          headers: {
            ...json,
            ...signatureHeaders(e.raw, randomBytes(32).toString('base64url'), e.timestamp),
          },
          sessionIds: [e.sessionId],
        };
      case 'tampered': {
        const other = randomUUID();
        return {
          kind,
          raw: e.raw.replaceAll(e.sessionId, other),
          headers: { ...json, ...signatureHeaders(e.raw, secret, e.timestamp) },
          sessionIds: [e.sessionId, other],
        };
      }
      case 'stale':
        return {
          kind,
          raw: e.raw,
          headers: { ...json, ...signatureHeaders(e.raw, secret, e.timestamp) },
          sessionIds: [e.sessionId],
        };
      default:
        return {
          kind,
          raw: e.raw,
          headers: { ...json, 'X-Timestamp': String(e.timestamp) },
          sessionIds: [e.sessionId],
        };
    }
  });
}

export async function sendForgery(baseUrl: string, f: Forgery): Promise<void> {
  try {
    const res = await fetch(`${baseUrl}/webhooks/didit`, {
      method: 'POST',
      headers: f.headers,
      body: f.raw,
      signal: AbortSignal.timeout(5_000),
    });
    f.answer = res.status;
    await res.arrayBuffer().catch(() => undefined);
  } catch (err) {
    f.answer = (err as Error).name === 'TimeoutError' ? 'timeout' : 'network';
  }
}

export interface ForgeryReport {
  total: number;
  /** Forgeries that got an answer (a dead server's refusals do not count as a measurement). */
  answered: number;
  /** Answered 2xx, or stored (raw bytes or session), each forgery counted once. */
  accepted: Forgery[];
}

/** Checks the database for any trace of the forgeries and counts those the console accepted. */
export async function checkForgeries(databaseUrl: string, forged: Forgery[]): Promise<ForgeryReport> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const ids = forged.flatMap((f) => f.sessionIds);
    const raws = forged.map((f) => Buffer.from(f.raw, 'utf8'));
    const events = await client.query<{ session_id: string | null; raw_body: Buffer }>(
      'select session_id, raw_body from webhook_events where session_id = any($1) or raw_body = any($2)',
      [ids, raws],
    );
    const sessions = await client.query<{ session_id: string }>(
      'select session_id from sessions where session_id = any($1)',
      [ids],
    );
    const storedIds = new Set([
      ...events.rows.map((r) => r.session_id),
      ...sessions.rows.map((r) => r.session_id),
    ]);
    const storedRaw = new Set(events.rows.map((r) => r.raw_body.toString('utf8')));
    const accepted = forged.filter(
      (f) =>
        (typeof f.answer === 'number' && f.answer >= 200 && f.answer < 300) ||
        storedRaw.has(f.raw) ||
        f.sessionIds.some((id) => storedIds.has(id)),
    );
    return {
      total: forged.length,
      answered: forged.filter((f) => typeof f.answer === 'number').length,
      accepted,
    };
  } finally {
    await client.end();
  }
}
