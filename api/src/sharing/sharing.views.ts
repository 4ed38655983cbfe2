import { z } from '@hono/zod-openapi';
import type { BatchItemRow } from './batch.repository.ts';
import type { batchProgress } from './batch-share.service.ts';
import type { RelianceRow } from './imports.repository.ts';
import type { LocalSession } from './local-sessions.repository.ts';
import type { ShareLedgerRow } from './shares.repository.ts';

const Person = z.object({
  id: z.string().nullable(),
  name: z.string().nullable(),
  email: z.string().nullable(),
});
const PartnerRef = z.object({ id: z.string(), name: z.string() }).nullable();

export const ShareLedgerItem = z
  .object({
    id: z.string(),
    session_id: z.string(),
    session_kind: z.enum(['user', 'business']),
    partner: PartnerRef,
    for_application_id: z.string(),
    from_application_id: z.string().nullable(),
    batch_id: z.string().nullable(),
    ttl_seconds: z.number().int(),
    created_at: z.string(),
    created_by: Person,
    expires_at: z.string(),
    state: z.enum(['active', 'expired']),
    token_sha256: z.string(),
  })
  .openapi('ShareLedgerItem');

export function shareLedgerItem(r: ShareLedgerRow, now: Date): z.infer<typeof ShareLedgerItem> {
  return {
    id: r.id,
    session_id: r.session_id,
    session_kind: r.session_kind,
    partner: r.partner_id && r.partner_name ? { id: r.partner_id, name: r.partner_name } : null,
    for_application_id: r.for_application_id,
    from_application_id: r.from_application_id,
    batch_id: r.batch_id,
    ttl_seconds: r.ttl_seconds,
    created_at: r.created_at.toISOString(),
    created_by: { id: r.created_by, name: r.created_by_name, email: r.created_by_email },
    expires_at: r.expires_at.toISOString(),
    state: r.expires_at.getTime() > now.getTime() ? 'active' : 'expired',
    token_sha256: r.token_sha256,
  };
}

const LatestReview = z
  .object({ new_status: z.string(), state: z.string(), at: z.string(), by_name: z.string().nullable() })
  .nullable();

export const RelianceItem = z
  .object({
    id: z.string(),
    session_id: z.string(),
    session_kind: z.enum(['user', 'business']),
    vendor_data: z.string().nullable(),
    partner: PartnerRef,
    source_application_id: z.string().nullable(),
    source_session_id: z.string().nullable(),
    source_session_local: z.boolean(),
    trust_review: z.boolean(),
    workflow_id: z.string(),
    source_status: z.string().nullable(),
    landed_status: z.string(),
    current_status: z.string().nullable(),
    latest_review: LatestReview,
    token_sha256: z.string(),
    imported_by: Person,
    imported_at: z.string(),
  })
  .openapi('RelianceItem');

export function relianceItem(r: RelianceRow): z.infer<typeof RelianceItem> {
  const review = r.latest_review;
  return {
    id: r.id,
    session_id: r.session_id,
    session_kind: r.session_kind,
    vendor_data: r.vendor_data,
    partner: r.partner_id && r.partner_name ? { id: r.partner_id, name: r.partner_name } : null,
    source_application_id: r.source_application_id,
    source_session_id: r.source_session_id,
    source_session_local: r.source_session_local,
    trust_review: r.trust_review,
    workflow_id: r.workflow_id,
    source_status: r.source_status,
    landed_status: r.landed_status,
    current_status: r.current_status,
    latest_review: review
      ? {
          new_status: review.new_status,
          state: review.state,
          at: new Date(review.at).toISOString(),
          by_name: review.by_name,
        }
      : null,
    token_sha256: r.token_sha256,
    imported_by: { id: r.imported_by, name: r.imported_by_name, email: r.imported_by_email },
    imported_at: r.imported_at.toISOString(),
  };
}

export const RELIANCE_CSV_HEADER = [
  'imported_at',
  'session_id',
  'vendor_data',
  'session_kind',
  'partner',
  'source_application_id',
  'source_session_id',
  'trust_review',
  'source_status',
  'landed_status',
  'current_status',
  'latest_review',
  'latest_review_at',
  'latest_review_by',
  'imported_by',
  'token_sha256',
  'workflow_id',
] as const;

export function relianceCsvRow(r: RelianceRow): unknown[] {
  const v = relianceItem(r);
  return [
    v.imported_at,
    v.session_id,
    v.vendor_data,
    v.session_kind,
    v.partner?.name ?? '',
    v.source_application_id,
    v.source_session_id,
    v.trust_review,
    v.source_status,
    v.landed_status,
    v.current_status,
    v.latest_review ? `${v.latest_review.new_status} (${v.latest_review.state})` : '',
    v.latest_review?.at,
    v.latest_review?.by_name,
    v.imported_by.name ?? v.imported_by.email,
    v.token_sha256,
    v.workflow_id,
  ];
}

export const LocalSessionView = z
  .object({
    session_id: z.string(),
    session_kind: z.enum(['user', 'business']),
    status: z.string().nullable(),
    vendor_data: z.string().nullable(),
    shared_from_session: z.string().nullable(),
  })
  .openapi('ImportedSession');

export const localSessionView = (s: LocalSession): z.infer<typeof LocalSessionView> => ({
  session_id: s.session_id,
  session_kind: s.session_kind,
  status: s.status,
  vendor_data: s.vendor_data,
  shared_from_session: s.shared_from_session,
});

export const BatchView = z
  .object({
    id: z.string(),
    status: z.enum(['running', 'finished', 'interrupted']),
    partner: PartnerRef,
    for_application_id: z.string(),
    ttl_seconds: z.number().int(),
    total: z.number().int(),
    done: z.number().int(),
    failed: z.number().int(),
    shared: z.number().int(),
    tokens: z.enum(['pending', 'available', 'downloaded', 'none', 'lost']),
    created_at: z.string(),
    finished_at: z.string().nullable(),
    tokens_downloaded_at: z.string().nullable(),
    items: z.array(
      z.object({
        row: z.number().int(),
        session_id: z.string().nullable(),
        vendor_data: z.string().nullable(),
        status: z.enum(['pending', 'shared', 'failed']),
        error_code: z.string().nullable(),
        error_message: z.string().nullable(),
      }),
    ),
  })
  .openapi('ShareBatch');

const itemView = (i: BatchItemRow) => ({
  row: i.position + 1,
  session_id: i.session_id,
  vendor_data: i.vendor_data,
  status: i.status,
  error_code: i.error_code,
  error_message: i.error_message,
});

export function batchView(p: Awaited<ReturnType<typeof batchProgress>>): z.infer<typeof BatchView> {
  const b = p.batch;
  return {
    id: b.id,
    status: b.status,
    partner: b.partner_name ? { id: b.partner_id, name: b.partner_name } : null,
    for_application_id: b.for_application_id,
    ttl_seconds: b.ttl_seconds,
    total: b.total,
    done: b.done,
    failed: b.failed,
    shared: p.shared,
    tokens: p.tokens,
    created_at: b.created_at.toISOString(),
    finished_at: b.finished_at?.toISOString() ?? null,
    tokens_downloaded_at: b.tokens_downloaded_at?.toISOString() ?? null,
    items: p.items.map(itemView),
  };
}
