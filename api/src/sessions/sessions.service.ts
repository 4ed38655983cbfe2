import { randomUUID } from 'node:crypto';
import { statusKey } from '@console/didit/statuses';
import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/audit.service.ts';
import { AppError } from '../platform/errors.ts';
import type { CurrentUser } from '../platform/http/app-env.ts';
import { fromDiditFailure } from '../platform/http/didit-errors.ts';
import type { DB } from '../schema.ts';
import { toAssignedToView, toAssigneeView } from './assignee.sql.ts';
import { type FetchDeps, fetchAndApplyDecision } from './fetch-decision.ts';
import type { SessionProvenance } from './provenance.view.ts';
import {
  countSessions,
  getSessionOrThrow,
  listSessions,
  listStatusHistory,
  type SessionListFilter,
  type SessionRow,
  sessionNumberOf,
} from './sessions.repository.ts';
import {
  decodeCursor,
  encodeCursor,
  restrictItem,
  restrictView,
  toHistoryEntry,
  toSessionItem,
  toSessionView,
} from './sessions.views.ts';

export interface SessionListQuery extends Omit<SessionListFilter, 'statusKeys' | 'after'> {
  status?: string | undefined;
  cursor?: string | undefined;
  /** False for roles that see personal data restricted (authz/personal-data.ts). */
  fullPersonalData?: boolean;
}

export async function listSessionsPage(db: Kysely<DB>, q: SessionListQuery) {
  const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor, q.sort);
  const statusKeys = q.status
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(statusKey);
  if (q.from && q.to && q.from.getTime() > q.to.getTime())
    throw new AppError('VALIDATION', 'from: must not be after to', { from: q.from, to: q.to });
  const filter = { ...q, statusKeys, after };
  // A digits-only search that is a session number shows that session first, then the text matches (which
  // page on by their own keyset); otherwise a UUID or vendor id containing the digits could come first.
  const number = sessionNumberOf(q.q);
  // The page, the exact number's row and the total are independent queries: sent together, each on its own
  // connection, a first page costs the slowest of them rather than their sum (on a cold server each reads
  // its own pages from disk).
  const [exact, rows, total] = await Promise.all([
    number !== undefined && !after ? listSessions(db, { ...filter, limit: 1 }, 'only') : [],
    listSessions(db, filter, number === undefined ? 'or' : 'exclude'),
    after ? undefined : countSessions(db, filter),
  ]);
  const more = rows.length > q.limit;
  const page = more ? rows.slice(0, q.limit) : rows;
  return {
    items: [...exact.slice(0, 1), ...page].map((r) => ({
      ...(q.fullPersonalData === false ? restrictItem(toSessionItem(r)) : toSessionItem(r)),
      assignee: toAssigneeView(r.assignee),
      assigned_to: toAssignedToView(r.assigned_to),
    })),
    next_cursor: more ? encodeCursor(page[page.length - 1]!, q.sort) : null,
    ...(total ? { total } : {}),
  };
}

/**
 * What other features add to a case view (sharing: where an imported session came from, the tokens minted
 * for it). The composition root passes them; without them the detail says null / [].
 */
export interface SessionDetailExtensions {
  provenance?: (db: Kysely<DB>, session: SessionRow) => Promise<SessionProvenance | null>;
  shares?: (db: Kysely<DB>, session: SessionRow) => Promise<unknown[]>;
}

export async function getSessionDetail(
  db: Kysely<DB>,
  sessionId: string,
  ext: SessionDetailExtensions = {},
  opts: { fullPersonalData?: boolean } = {},
) {
  const session = await getSessionOrThrow(db, sessionId);
  const [history, provenance, shares] = await Promise.all([
    listStatusHistory(db, sessionId),
    ext.provenance ? ext.provenance(db, session) : Promise.resolve(null),
    ext.shares ? ext.shares(db, session) : Promise.resolve([]),
  ]);
  return {
    session: opts.fullPersonalData === false ? restrictView(toSessionView(session)) : toSessionView(session),
    history: history.map(toHistoryEntry),
    provenance: provenance ?? null,
    shares,
  };
}

/** Re-fetches the decision from Didit, applies it as a `refresh` event, audits it, returns the case view. */
export async function refreshSession(
  deps: FetchDeps,
  input: { sessionId: string; user: CurrentUser; requestId?: string },
  ext: SessionDetailExtensions = {},
) {
  let outcome: string;
  try {
    ({ outcome } = await fetchAndApplyDecision(deps, {
      sessionId: input.sessionId,
      source: 'refresh',
      eventKey: `refresh:${input.sessionId}:${randomUUID()}`,
    }));
  } catch (err) {
    throw fromDiditFailure(err);
  }
  await appendAudit(deps.db, {
    actor: { id: input.user.id, label: input.user.email },
    action: 'session.refresh',
    subjectType: 'session',
    subjectId: input.sessionId,
    sessionId: input.sessionId,
    requestId: input.requestId ?? null,
    details: { outcome },
    at: deps.clock.now(),
  });
  return getSessionDetail(deps.db, input.sessionId, ext);
}
