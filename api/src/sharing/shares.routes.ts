import { z } from '@hono/zod-openapi';
import { auditContext } from '../audit/audit.service.ts';
import { decodeOptional, PAGE_SIZE, pageOf, timeIdCursor } from '../platform/db/pagination.ts';
import { json, jsonBody, keysetPage, route } from '../platform/http/openapi.ts';
import { createRouter } from '../platform/http/router.ts';
import { batchProgress, downloadTokens, MAX_BATCH, startBatch } from './batch-share.service.ts';
import { shareOne } from './share.service.ts';
import { SHARE_TTL } from './share-token.ts';
import { listShares } from './shares.repository.ts';
import type { SharingDeps } from './sharing.deps.ts';
import { BatchView, batchView, ShareLedgerItem, shareLedgerItem } from './sharing.views.ts';

const ttl = z
  .number()
  .int('ttl_in_seconds: whole seconds')
  .min(SHARE_TTL.min, `ttl_in_seconds: at least ${SHARE_TTL.min} seconds`)
  .max(SHARE_TTL.max, `ttl_in_seconds: at most ${SHARE_TTL.max} seconds (24 hours)`)
  .default(SHARE_TTL.default);

const ShareBody = z.object({
  for_application_id: z.uuid('for_application_id: a Didit application id is a UUID').optional(),
  partner_id: z.uuid().optional(),
  ttl_in_seconds: ttl,
});

const ShareCreated = z
  .object({
    share_token: z.string(),
    for_application_id: z.string(),
    session_kind: z.enum(['user', 'business']),
    expires_at: z.string(),
    share_id: z.string(),
    token_sha256: z.string(),
    partner: z.object({ id: z.string(), name: z.string() }).nullable(),
  })
  .openapi('ShareCreated');

const shareRoute = route('post', '/api/sessions/{id}/share', {
  summary: 'Mint a share token for a partner application (shown once; only its SHA-256 is kept)',
  request: {
    params: z.object({ id: z.string().min(1).max(200) }),
    body: jsonBody(ShareBody),
  },
  responses: { 201: json(ShareCreated, 'The token, this once') },
  errors: {
    400: 'VALIDATION (TTL out of 60–86,400, no target)',
    404: 'NOT_FOUND: session or partner',
    409: 'SESSION_NOT_SHAREABLE: not Approved, Declined or In Review',
    422: "SHARE_TO_OWN_APPLICATION: the console's own application",
  },
});

const ledgerRoute = route('get', '/api/shares', {
  summary: 'The ledger of minted share tokens (fingerprints, never tokens)',
  request: {
    query: z.object({
      session_id: z.string().min(1).max(200).optional(),
      partner: z.uuid().optional(),
      cursor: z.string().max(500).optional(),
      limit: z.coerce.number().int().min(1).max(PAGE_SIZE.max).default(PAGE_SIZE.default),
    }),
  },
  responses: {
    200: json(keysetPage(ShareLedgerItem), 'Newest first'),
  },
});

const BatchBody = z.object({
  partner_id: z.uuid(),
  ttl_in_seconds: ttl,
  session_ids: z
    .array(z.string().max(200))
    .min(1)
    .max(MAX_BATCH * 2)
    .optional(),
  vendor_data: z
    .array(z.string().max(1000))
    .min(1)
    .max(MAX_BATCH * 2)
    .optional(),
});

const batchRoute = route('post', '/api/shares/batch', {
  summary: `Share up to ${MAX_BATCH} sessions with one partner, within Didit's write limit`,
  request: { body: jsonBody(BatchBody) },
  responses: {
    202: json(
      BatchView.extend({ batch_key: z.string() }),
      'The batch, sharing in the background, and `batch_key`: the only key that opens its tokens, shown this once',
    ),
  },
  errors: { 404: 'NOT_FOUND: partner' },
});

const batchIdParam = z.object({ id: z.uuid() });

const progressRoute = route('get', '/api/shares/batch/{id}', {
  summary: 'Progress of a batch share',
  request: { params: batchIdParam },
  responses: { 200: json(BatchView, 'done/total/failed and each row') },
  errors: { 404: 'NOT_FOUND' },
});

const tokensRoute = route('get', '/api/shares/batch/{id}/tokens.csv', {
  summary: "A finished batch's tokens as CSV, once; then they are gone from the console",
  request: {
    params: batchIdParam,
    headers: z.object({ 'x-batch-key': z.string().max(200).optional() }),
  },
  responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } } },
  errors: {
    403: 'FORBIDDEN: only who started the batch; BATCH_KEY_INVALID: X-Batch-Key is not the key returned at the start',
    409: 'CONFLICT: still running',
    410: 'BATCH_TOKENS_GONE: downloaded already, or lost in a restart',
  },
});

export function sharesRoutes(deps: SharingDeps) {
  const router = createRouter();

  router.openapi(shareRoute, async (c) => {
    const { id } = c.req.valid('param');
    const minted = await shareOne(deps, auditContext(c), id, c.req.valid('json'));
    c.header('Cache-Control', 'no-store');
    return c.json(
      {
        share_token: minted.share_token,
        for_application_id: minted.for_application_id,
        session_kind: minted.session_kind,
        expires_at: minted.expires_at.toISOString(),
        share_id: minted.share.id,
        token_sha256: minted.share.token_sha256,
        partner: minted.partner,
      },
      201,
    );
  });

  router.openapi(ledgerRoute, async (c) => {
    const q = c.req.valid('query');
    const rows = await listShares(deps.database.db, {
      sessionId: q.session_id,
      partnerId: q.partner,
      cursor: decodeOptional(timeIdCursor, q.cursor),
      limit: q.limit,
    });
    const now = deps.clock.now();
    const out = pageOf(rows, q.limit, timeIdCursor, (r) => ({ at: r.created_at, id: r.id }));
    return c.json(
      { items: out.items.map((r) => shareLedgerItem(r, now)), next_cursor: out.next_cursor },
      200,
    );
  });

  router.openapi(batchRoute, async (c) => {
    const progress = await startBatch(deps, auditContext(c), c.req.valid('json'));
    c.header('Cache-Control', 'no-store');
    return c.json({ ...batchView(progress), batch_key: progress.batchKey }, 202);
  });

  router.openapi(progressRoute, async (c) => {
    return c.json(batchView(await batchProgress(deps, c.req.valid('param').id)), 200);
  });

  router.openapi(tokensRoute, async (c) => {
    const { id } = c.req.valid('param');
    const csv = await downloadTokens(deps, auditContext(c), id, c.req.valid('header')['x-batch-key']);
    c.header('Cache-Control', 'no-store');
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="share-tokens-${id}.csv"`);
    return c.body(csv, 200);
  });

  return router;
}
