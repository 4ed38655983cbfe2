import { appendAudit } from '../audit/audit.service.ts';
import { AppError, notFound } from '../platform/errors.ts';
import type { Actor, ReviewDeps } from '../review/review.deps.ts';
import { isQueueColumn } from './views.columns.ts';
import { deleteView, findView, listViews, upsertView, type ViewRow } from './views.repository.ts';

type Deps = Pick<ReviewDeps, 'db' | 'clock'>;

function toViewView(r: ViewRow, userId: string) {
  return {
    id: r.id,
    name: r.name,
    query: r.query,
    shared: r.shared,
    columns: r.columns ? r.columns.filter(isQueueColumn) : null,
    owner: { id: r.owner_id, name: r.owner_name },
    mine: r.owner_id === userId,
    created_at: r.created_at.toISOString(),
  };
}

export async function listSavedViews(deps: Deps, actor: Actor) {
  return (await listViews(deps.db, actor.id)).map((r) => toViewView(r, actor.id));
}

export async function saveView(
  deps: Deps,
  actor: Actor,
  input: { name: string; query: string; shared: boolean; columns?: string[] | undefined },
) {
  const now = deps.clock.now();
  const columns = input.columns ?? null;
  const id = await deps.db.transaction().execute(async (trx) => {
    const id = await upsertView(trx, { ownerId: actor.id, ...input, columns, now });
    await appendAudit(trx, {
      ...actor.audit,
      at: now,
      action: 'queue.view_save',
      subjectType: 'saved_view',
      subjectId: id,
      after: { name: input.name, query: input.query, shared: input.shared, columns },
    });
    return id;
  });
  const row = await findView(deps.db, id);
  if (!row) throw notFound('View');
  return toViewView(row, actor.id);
}

/** Only its owner deletes a view; an admin may remove a shared one the team no longer wants. */
export async function removeView(deps: Deps, actor: Actor, id: string) {
  const row = await findView(deps.db, id);
  if (!row || (!row.shared && row.owner_id !== actor.id)) throw notFound('View');
  if (row.owner_id !== actor.id && !actor.roles.includes('admin'))
    throw new AppError('FORBIDDEN', 'Only the view’s owner can delete it');
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await deleteView(trx, id);
    await appendAudit(trx, {
      ...actor.audit,
      at: now,
      action: 'queue.view_delete',
      subjectType: 'saved_view',
      subjectId: id,
      before: {
        name: row.name,
        query: row.query,
        shared: row.shared,
        columns: row.columns,
        owner_id: row.owner_id,
      },
      after: null,
    });
  });
}
