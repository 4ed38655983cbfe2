import type { Kysely } from 'kysely';
import type { DB } from '../schema.ts';

export interface NoteRow {
  id: string;
  session_id: string;
  author_id: string;
  author_name: string;
  body: string;
  created_at: Date;
}

/** A case's notes in the order they were written (append-only: a trigger refuses UPDATE and DELETE). */
export function listNotes(db: Kysely<DB>, sessionId: string, limit = 500): Promise<NoteRow[]> {
  return db
    .selectFrom('review_notes as n')
    .innerJoin('users as u', 'u.id', 'n.author_id')
    .select(['n.id', 'n.session_id', 'n.author_id', 'u.name as author_name', 'n.body', 'n.created_at'])
    .where('n.session_id', '=', sessionId)
    .orderBy('n.created_at', 'asc')
    .orderBy('n.id', 'asc')
    .limit(limit)
    .execute();
}

export function insertNote(
  db: Kysely<DB>,
  input: { sessionId: string; authorId: string; body: string; now: Date },
) {
  return db
    .insertInto('review_notes')
    .values({
      session_id: input.sessionId,
      author_id: input.authorId,
      body: input.body,
      created_at: input.now,
    })
    .returning(['id', 'session_id', 'author_id', 'body', 'created_at'])
    .executeTakeFirstOrThrow();
}
