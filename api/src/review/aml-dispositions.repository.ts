import type { Kysely } from 'kysely';
import type { DB } from '../schema.ts';

export interface DispositionInsert {
  actionId: string;
  sessionId: string;
  hitId: string;
  nodeId: string | null;
  previousStatus: string | null;
  newStatus: string;
  comment: string;
  actorId: string;
  at: Date;
  undoesAction: string | null;
}

export async function insertDispositions(db: Kysely<DB>, rows: DispositionInsert[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('aml_dispositions')
    .values(
      rows.map((r) => ({
        action_id: r.actionId,
        session_id: r.sessionId,
        hit_id: r.hitId,
        node_id: r.nodeId,
        previous_status: r.previousStatus,
        new_status: r.newStatus,
        comment: r.comment,
        actor_id: r.actorId,
        created_at: r.at,
        undoes_action: r.undoesAction,
      })),
    )
    .execute();
}

export type DispositionRow = Awaited<ReturnType<typeof listDispositions>>[number];

/** A case's dispositions, newest first (the history a hit's detail view shows, and the undo's last action). */
export function listDispositions(db: Kysely<DB>, sessionId: string, limit = 500) {
  return db
    .selectFrom('aml_dispositions as d')
    .innerJoin('users as u', 'u.id', 'd.actor_id')
    .select([
      'd.id',
      'd.action_id',
      'd.session_id',
      'd.hit_id',
      'd.node_id',
      'd.previous_status',
      'd.new_status',
      'd.comment',
      'd.actor_id',
      'u.name as actor_name',
      'd.created_at',
      'd.undoes_action',
    ])
    .where('d.session_id', '=', sessionId)
    .orderBy('d.created_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(limit)
    .execute();
}
