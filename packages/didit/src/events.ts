// Didit's webhook event types (docs/didit.md §3.2, §10), defined once.

/** The only names a webhook destination can subscribe to (docs/didit.md §3.2). */
export const WEBHOOK_EVENTS = [
  'status.updated',
  'data.updated',
  'user.status.updated',
  'user.data.updated',
  'business.status.updated',
  'business.data.updated',
  'activity.created',
  'transaction.created',
  'transaction.status.updated',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** Webhook types that describe a verification session (KYC and KYB alike). */
export const SESSION_WEBHOOK_EVENTS = ['status.updated', 'data.updated'] as const;

/** User/Business entity events (https://docs.didit.me/entities/webhooks). */
export const ENTITY_WEBHOOK_EVENTS = [
  'user.status.updated',
  'user.data.updated',
  'business.status.updated',
  'business.data.updated',
] as const;

export function isWebhookEvent(t: unknown): t is WebhookEvent {
  return typeof t === 'string' && (WEBHOOK_EVENTS as readonly string[]).includes(t);
}
