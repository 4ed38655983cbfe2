import type { DiditClient } from '@console/didit/client';
import type { Kysely } from 'kysely';
import type { Clock } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';
import type { DB } from '../schema.ts';
import { type ApplyResult, applyEvent } from '../sessions/apply-event.ts';
import { eventFromDecision } from '../sessions/event-input.ts';
import type { EventSource } from '../sessions/sessions.tables.ts';

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
 * What Didit answers now is the newest state there is, so a fetch is ordered after everything the session
 * already shows — even when a webhook's timestamp runs ahead of our clock (skew), which would otherwise make
 * the fresh decision look stale.
 */
export async function fetchTime(deps: FetchDeps, sessionId: string): Promise<Date> {
  const now = deps.clock.now();
  const row = await deps.db
    .selectFrom('sessions')
    .select('last_event_at')
    .where('session_id', '=', sessionId)
    .executeTakeFirst();
  if (!row || row.last_event_at.getTime() < now.getTime()) return now;
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
