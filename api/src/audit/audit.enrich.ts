import type { Kysely } from 'kysely';
import type { DB } from '../schema.ts';
import type { ChainEntry } from './audit.chain.ts';

export interface Person {
  name: string;
  email: string;
}

/** What an entry refers to, read from the feature's own table (the log itself keeps ids, not text). */
export interface EntryContext {
  note?: { body: string; author_id: string };
  decision?: {
    new_status: string;
    comment: string;
    reason_codes: string[];
    state: string;
    reject_comment: string | null;
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Keys of before/after/details that hold a user id (`holder_id`, `requested_by`, `confirmed_by`, …). */
const PERSON_KEY = /(_by|_id)$/;

function collectIds(value: unknown, into: Set<string>, key = ''): void {
  if (typeof value === 'string') {
    if (PERSON_KEY.test(key) && UUID.test(value)) into.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) collectIds(v, into, key);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) collectIds(v, into, k);
  }
}

/**
 * The names behind the user ids a page of entries mentions (actors, claim holders, requesters, accounts
 * changed), and for note and decision entries the text they refer to, so the page can say who did what.
 * Ids that are not users (a note id, a hit id) simply find no one.
 */
export async function explainEntries(
  db: Kysely<DB>,
  entries: readonly ChainEntry[],
): Promise<{ people: Record<string, Person>; context: Record<string, EntryContext> }> {
  const ids = new Set<string>();
  const noteIds: string[] = [];
  const decisionIds: string[] = [];
  for (const e of entries) {
    if (e.actor_id) ids.add(e.actor_id);
    if (e.subject_type === 'user' && e.subject_id) ids.add(e.subject_id);
    if (e.subject_type === 'review_note' && e.subject_id && UUID.test(e.subject_id))
      noteIds.push(e.subject_id);
    if (e.subject_type === 'review_decision' && e.subject_id && UUID.test(e.subject_id))
      decisionIds.push(e.subject_id);
    collectIds(e.before, ids);
    collectIds(e.after, ids);
    collectIds(e.details, ids);
  }
  const [users, notes, decisions] = await Promise.all([
    ids.size
      ? db
          .selectFrom('users')
          .select(['id', 'name', 'email'])
          .where('id', 'in', [...ids])
          .execute()
      : [],
    noteIds.length
      ? db.selectFrom('review_notes').select(['id', 'body', 'author_id']).where('id', 'in', noteIds).execute()
      : [],
    decisionIds.length
      ? db
          .selectFrom('review_decisions')
          .select(['id', 'new_status', 'comment', 'reason_codes', 'state', 'reject_comment'])
          .where('id', 'in', decisionIds)
          .execute()
      : [],
  ]);
  const people = Object.fromEntries(users.map((u) => [u.id, { name: u.name, email: u.email }]));
  const noteById = new Map(notes.map((n) => [n.id, n]));
  const decisionById = new Map(decisions.map((d) => [d.id, d]));
  const context: Record<string, EntryContext> = {};
  for (const e of entries) {
    const note = e.subject_type === 'review_note' && e.subject_id ? noteById.get(e.subject_id) : undefined;
    const decision =
      e.subject_type === 'review_decision' && e.subject_id ? decisionById.get(e.subject_id) : undefined;
    if (note) context[e.seq] = { note: { body: note.body, author_id: note.author_id } };
    if (decision) {
      context[e.seq] = {
        decision: {
          new_status: decision.new_status,
          comment: decision.comment,
          reason_codes: decision.reason_codes,
          state: decision.state,
          reject_comment: decision.reject_comment,
        },
      };
    }
  }
  return { people, context };
}
