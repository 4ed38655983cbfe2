import { appendAudit } from '../audit/audit.service.ts';
import { getCaseOrThrow } from './case.repository.ts';
import { touchClaimOf } from './claims.service.ts';
import { insertNote, listNotes, type NoteRow } from './notes.repository.ts';
import type { Actor, ReviewDeps } from './review.deps.ts';

export interface NoteView {
  id: string;
  session_id: string;
  author: { id: string; name: string };
  body: string;
  created_at: string;
}

export const toNoteView = (n: NoteRow): NoteView => ({
  id: n.id,
  session_id: n.session_id,
  author: { id: n.author_id, name: n.author_name },
  body: n.body,
  created_at: n.created_at.toISOString(),
});

export async function listCaseNotes(deps: ReviewDeps, sessionId: string): Promise<NoteView[]> {
  await getCaseOrThrow(deps.db, sessionId);
  return (await listNotes(deps.db, sessionId)).map(toNoteView);
}

/** Notes are append-only: a correction is a new note. The audit entry names the note, not its text. */
export async function addNote(
  deps: ReviewDeps,
  actor: Actor,
  sessionId: string,
  body: string,
): Promise<NoteView> {
  await getCaseOrThrow(deps.db, sessionId);
  const now = deps.clock.now();
  const row = await deps.db.transaction().execute(async (trx) => {
    const note = await insertNote(trx, { sessionId, authorId: actor.id, body, now });
    // Writing a note is work on the case: the author's claim, if they hold it, runs on from now.
    await touchClaimOf(deps, trx, sessionId, actor.id, now);
    await appendAudit(trx, {
      ...actor.audit,
      at: now,
      action: 'review.note',
      subjectType: 'review_note',
      subjectId: note.id,
      sessionId,
      after: { note_id: note.id, length: body.length },
    });
    return note;
  });
  return toNoteView({ ...row, author_name: actor.name });
}
