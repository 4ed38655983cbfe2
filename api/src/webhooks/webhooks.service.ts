import { verifyWebhook, type WebhookHeaders } from '@console/didit/signature';
import type { Kysely } from 'kysely';
import { entityEventFromWebhook } from '../entities/entity-event.ts';
import { receiveEntityEvent } from '../entities/entity-intake.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';
import type { Logger } from '../platform/logger.ts';
import type { Metrics } from '../platform/metrics/metrics.ts';
import type { DB } from '../schema.ts';
import { type ApplyResult, applyEvent } from '../sessions/apply-event.ts';
import { type EventInput, eventFromWebhook } from '../sessions/event-input.ts';
import type { WebhookRejections } from './rejections.ts';

export interface WebhookIntakeDeps {
  db: Kysely<DB>;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  rejections: WebhookRejections;
  /** The destination's `secret_shared_key`; undefined until known (sandbox mode registers at start-up). */
  webhookSecret: () => string | undefined;
  /** Called after a commit that queued a decision fetch, so this process's worker picks it up at once. */
  onFetchQueued?: () => void;
  /**
   * Stores and applies one event, resolving after its commit: the app passes its `IntakeBatcher` (group
   * commit); `applyEvent` (a transaction per event) when absent.
   */
  apply?: (event: EventInput, now: Date) => Promise<ApplyResult>;
}

/**
 * Verifies one delivery from its raw bytes and applies it. Resolves only after the commit; rejects with
 * INVALID_SIGNATURE (401) for anything that does not verify and UNAVAILABLE (503) when the database
 * cannot take it, so Didit retries.
 */
export async function receiveWebhook(
  deps: WebhookIntakeDeps,
  raw: Uint8Array,
  headers: WebhookHeaders,
): Promise<ApplyResult> {
  const secret = deps.webhookSecret();
  if (!secret) {
    deps.metrics.webhook.rejected('unavailable');
    throw new AppError('UNAVAILABLE', 'Webhook secret not configured yet', undefined, { 'Retry-After': '5' });
  }
  const receivedAt = deps.clock.now();
  const verified = verifyWebhook(raw, headers, secret, Math.floor(receivedAt.getTime() / 1000));
  if (!verified.ok) {
    deps.rejections.count(verified.reason);
    deps.metrics.webhook.rejected(verified.reason);
    if (verified.reason === 'not_json') throw new AppError('VALIDATION', 'The body is not a JSON object');
    throw new AppError('INVALID_SIGNATURE', 'Signature or timestamp did not verify');
  }
  const headerTimestamp = Number(headers['x-timestamp']!.trim());
  // User/Business entity events are not about a session: their own path, before the session batcher.
  const entityEvent = entityEventFromWebhook({
    raw,
    body: verified.body,
    scheme: verified.scheme,
    headerTimestamp,
    receivedAt,
  });
  if (entityEvent) return receiveEntity(deps, entityEvent);
  const event = eventFromWebhook({
    raw,
    scheme: verified.scheme,
    body: verified.body,
    text: verified.text,
    headerTimestamp,
    receivedAt,
  });
  const result = await storeOrUnavailable(deps, 'webhook', () =>
    deps.apply ? deps.apply(event, receivedAt) : applyEvent(deps.db, event, receivedAt),
  );
  if (result.outcome === 'duplicate') deps.metrics.webhook.duplicate();
  else deps.metrics.webhook.accepted(verified.scheme, event.webhookType);
  if (result.outcome === 'failed') deps.metrics.webhook.applyFailed();
  if (event.needsFetch && result.outcome !== 'duplicate') deps.onFetchQueued?.();
  return result;
}

async function receiveEntity(
  deps: WebhookIntakeDeps,
  event: NonNullable<ReturnType<typeof entityEventFromWebhook>>,
): Promise<ApplyResult> {
  const outcome = await storeOrUnavailable(deps, 'entity webhook', () => receiveEntityEvent(deps.db, event));
  if (outcome === 'duplicate') deps.metrics.webhook.duplicate();
  else deps.metrics.webhook.accepted(event.signatureScheme, event.webhookType);
  return { outcome };
}

/** Runs the store; when it fails, 503 with Retry-After so Didit redelivers, logged without the payload. */
async function storeOrUnavailable<T>(
  deps: WebhookIntakeDeps,
  what: string,
  store: () => Promise<T>,
): Promise<T> {
  try {
    return await store();
  } catch (err) {
    deps.metrics.webhook.rejected('unavailable');
    deps.logger.warn(
      { err: { type: (err as Error).name, message: (err as Error).message } },
      `${what} not stored`,
    );
    throw new AppError('UNAVAILABLE', 'Could not store the event; retry later', undefined, {
      'Retry-After': '30',
    });
  }
}
