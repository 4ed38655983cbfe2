import { type Kysely, sql } from 'kysely';
import { appendAudit } from '../audit/audit.service.ts';
import { AppError, notFound } from '../platform/errors.ts';
import type { CurrentUser } from '../platform/http/app-env.ts';
import type { DB } from '../schema.ts';
import { enqueueRefresh } from '../sessions/apply-event.ts';
import { eventFromWebhook } from '../sessions/event-input.ts';
import { decisionColumnsAssignment, refoldSession } from '../sessions/events.repository.ts';
import type { ApplyState } from '../sessions/sessions.tables.ts';

export interface ReapplyDeps {
  db: Kysely<DB>;
  clock: { now(): Date };
  pokeJobs?: (() => void) | undefined;
}

/** JSON text as the intake reads it: strict UTF-8, then JSON.parse; undefined when it is neither. */
function parseBody(raw: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
  } catch {
    return undefined;
  }
}

/**
 * Re-reads a failed webhook event from its stored raw bytes with today's code (after a fix was deployed,
 * say) and, when it now applies, turns the row into an applied event and refolds its session — one
 * transaction, audited. The signature was verified when it arrived; the bytes have not changed since.
 * Still failing → UNPROCESSABLE with the reason; nothing changes.
 */
export async function reapplyFailedEvent(
  deps: ReapplyDeps,
  id: number,
  input: { user: CurrentUser; requestId?: string },
): Promise<{ id: number; apply_state: ApplyState; session_id: string | null }> {
  const now = deps.clock.now();
  const result = await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('webhook_events')
      .select([
        'id',
        'event_key',
        'source',
        'apply_state',
        'raw_body',
        'signature_scheme',
        'occurred_at',
        'received_at',
      ])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('Event');
    if (row.apply_state !== 'failed') throw new AppError('CONFLICT', 'Only a failed event can be re-applied');
    if (row.source !== 'webhook' || !row.signature_scheme) {
      throw new AppError('CONFLICT', 'Only a webhook can be re-applied; refresh the session instead');
    }
    const raw = new Uint8Array(row.raw_body as unknown as Buffer);
    const ev = eventFromWebhook({
      raw,
      scheme: row.signature_scheme,
      body: parseBody(raw),
      headerTimestamp: Math.floor(new Date(row.occurred_at).getTime() / 1000),
      receivedAt: new Date(row.received_at),
    });
    if (ev.intent === 'failed') {
      throw new AppError('UNPROCESSABLE', `Still cannot be applied: ${ev.applyError ?? 'unknown reason'}`);
    }
    if (ev.eventKey !== row.event_key) {
      const other = await trx
        .selectFrom('webhook_events')
        .select('id')
        .where('event_key', '=', ev.eventKey)
        .executeTakeFirst();
      if (other) throw new AppError('CONFLICT', `The same event is already stored as event ${other.id}`);
    }
    // The fold orders by (occurred_at, tiebreak); recompute both, keyed like a fresh delivery would be.
    await sql`
      update webhook_events set
        event_key = ${ev.eventKey}, event_id = ${ev.eventId}, webhook_type = ${ev.webhookType},
        session_id = ${ev.sessionId}, status = ${ev.status}, occurred_at = ${ev.occurredAt}::timestamptz,
        tiebreak = ${ev.tiebreak}, payload = ${ev.payloadJson}::jsonb,
        decision_at = ${ev.decisionAt}, has_metadata = ${ev.hasMetadata}, session_kind = ${ev.sessionKind},
        session_number = ${ev.sessionNumber}::bigint, workflow_id = ${ev.workflowId},
        workflow_version = ${ev.workflowVersion}::integer, vendor_data = ${ev.vendorData},
        shared_from_session = ${ev.sharedFromSession}, didit_created_at = ${ev.diditCreatedAt}::timestamptz,
        apply_state = ${ev.intent}, apply_error = null, ${decisionColumnsAssignment(ev)}
      where id = ${id}`.execute(trx);
    let state: ApplyState = ev.intent;
    if (ev.sessionId !== null && (ev.intent === 'applied' || ev.intent === 'pending_fetch')) {
      const newer = await trx
        .selectFrom('sessions')
        .select('session_id')
        .where('session_id', '=', ev.sessionId)
        .where(
          sql<boolean>`(last_event_at, last_event_tiebreak) > (${ev.occurredAt}::timestamptz, ${ev.tiebreak}::text)`,
        )
        .executeTakeFirst();
      if (newer) {
        state = 'stale';
        await trx.updateTable('webhook_events').set({ apply_state: 'stale' }).where('id', '=', id).execute();
      }
      await refoldSession(trx, ev.sessionId);
      if (ev.needsFetch) await enqueueRefresh(trx, ev.sessionId, now);
    }
    await appendAudit(trx, {
      actor: { id: input.user.id, label: input.user.email },
      action: 'sync.event.reapply',
      subjectType: 'webhook_event',
      subjectId: String(id),
      sessionId: ev.sessionId,
      requestId: input.requestId ?? null,
      details: { apply_state: state },
      at: now,
    });
    return { id, apply_state: state, session_id: ev.sessionId };
  });
  deps.pokeJobs?.();
  return result;
}
