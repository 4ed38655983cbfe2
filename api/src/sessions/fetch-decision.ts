import type { DiditClient } from '@console/didit/client';
import type { Kysely } from 'kysely';
import type { Clock } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';
import type { DB } from '../schema.ts';
import { type ApplyResult, applyEvent } from './apply-event.ts';
import { eventFromDecision } from './event-input.ts';
import type { EventSource } from './sessions.tables.ts';

export interface FetchDeps {
  db: Kysely<DB>;
  clock: Clock;
  didit: DiditClient | undefined;
}

export function requireDidit(didit: DiditClient | undefined): DiditClient {
  if (!didit) throw new AppError('DIDIT_UNAVAILABLE', 'No Didit client is configured');
  return didit;
}

/**
 * When a fetched decision sits among the session's events. What Didit answers now is the newest state there
 * is, so a fetch is ordered after everything the session already shows — even when a webhook's timestamp
 * runs ahead of our clock (skew), which would otherwise make the fresh decision look stale.
 *
 * It is stamped at the start of its second: Didit stamps webhooks in whole seconds (docs/didit.md §3.6), so a
 * webhook of the same second delivered after this fetch may describe a later change than the fetch saw. Stamped
 * at its millisecond (S.700), the fetch made every such webhook (S.000) look older, filed it stale and kept the
 * old status until the next refresh. On the second's start the two tie, and the tie-break orders them
 * (`tiebreakFor`): the one carrying more reviews wins, else the webhook, delivered later.
 */
export async function fetchTime(deps: FetchDeps, sessionId: string): Promise<Date> {
  const now = Math.floor(deps.clock.now().getTime() / 1000) * 1000;
  const row = await deps.db
    .selectFrom('sessions')
    .select('last_event_at')
    .where('session_id', '=', sessionId)
    .executeTakeFirst();
  if (!row || row.last_event_at.getTime() < now) return new Date(now);
  return new Date(row.last_event_at.getTime() + 1);
}

/**
 * `GET /v3/session/{id}/decision/` through the shared limiter, then stored and folded as an event of the
 * given source. The Didit call happens before (never inside) the transaction.
 */
export async function fetchAndApplyDecision(
  deps: FetchDeps,
  input: { sessionId: string; source: Exclude<EventSource, 'webhook'>; eventKey: string },
): Promise<ApplyResult & { decision: unknown }> {
  const decision = await requireDidit(deps.didit).getDecision(input.sessionId);
  const fetchedAt = await fetchTime(deps, input.sessionId);
  const event = eventFromDecision({
    source: input.source,
    sessionId: input.sessionId,
    decision,
    fetchedAt,
    eventKey: input.eventKey,
  });
  const result = await applyEvent(deps.db, event, fetchedAt);
  return { ...result, decision };
}
