import { z } from '@hono/zod-openapi';
import { auditContext } from '../audit/audit.service.ts';
import { decodeOptional, PAGE_SIZE, pageOf, timeIdCursor } from '../platform/db/pagination.ts';
import { json, jsonBody, keysetPage, route } from '../platform/http/openapi.ts';
import { createRouter } from '../platform/http/router.ts';
import { csvLine } from './csv.ts';
import { importShared } from './import.service.ts';
import { checkToken, workflowsFor } from './import-preview.service.ts';
import { listImports } from './imports.repository.ts';
import { MAX_TOKEN_LENGTH } from './share-token.ts';
import type { SharingDeps } from './sharing.deps.ts';
import {
  LocalSessionView,
  localSessionView,
  RELIANCE_CSV_HEADER,
  RelianceItem,
  relianceCsvRow,
  relianceItem,
} from './sharing.views.ts';

const token = z
  .string()
  .min(1, 'share_token: paste the token the partner sent')
  .max(MAX_TOKEN_LENGTH * 2);

const Workflow = z.object({
  label: z.string(),
  workflow_id: z.string(),
  session_kind: z.enum(['user', 'business']).nullable(),
});

const Preview = z
  .object({
    session_kind: z.enum(['user', 'business']),
    source_session_id: z.string(),
    source_application_id: z.string().nullable(),
    partner: z.object({ id: z.string(), name: z.string(), default_trust_review: z.boolean() }).nullable(),
    for_application_id: z.string().nullable(),
    our_application_id: z.string().nullable(),
    issued_at: z.string().nullable(),
    expires_at: z.string().nullable(),
    seconds_left: z.number().int().nullable(),
    token_sha256: z.string(),
    already_imported: z
      .object({
        import_id: z.string(),
        session_id: z.string(),
        imported_at: z.string(),
        imported_by: z.string().nullable(),
      })
      .nullable(),
    suggested_trust_review: z.boolean(),
    workflows: z.array(Workflow),
  })
  .openapi('ImportPreview');

const previewRoute = route('post', '/api/imports/preview', {
  summary: "What a partner's token holds (decoded, not verified), before importing it",
  request: {
    body: jsonBody(z.object({ share_token: token })),
  },
  responses: { 200: json(Preview, 'The claims, the partner when known, and the workflows to choose from') },
  errors: { 422: 'SHARE_TOKEN_MALFORMED, SHARE_TOKEN_EXPIRED, SHARE_TOKEN_WRONG_APPLICATION' },
});

const ImportBody = z.object({
  share_token: token,
  workflow_id: z.uuid('workflow_id: choose the workflow the session lands in'),
  vendor_data: z.string().trim().max(1000).optional(),
  trust_review: z.boolean().optional(),
});

const importRoute = route('post', '/api/imports', {
  summary: "Import a partner's shared session (Didit import-shared) and record the reliance",
  request: { body: jsonBody(ImportBody) },
  responses: {
    201: json(z.object({ session: LocalSessionView, import: RelianceItem }), 'The new local session'),
  },
  errors: {
    403: "FORBIDDEN: trust_review beyond the partner's terms by a role other than reviewer",
    409: 'SHARE_TOKEN_NOT_FOR_US_OR_USED (details.earlier_import when we imported it)',
    410: 'SHARE_SOURCE_GONE',
    422: 'SHARE_TOKEN_INVALID, _EXPIRED, _WRONG_APPLICATION, _MALFORMED, IMPORT_WORKFLOW_NOT_FOUND',
  },
});

const ledgerQuery = z.object({
  partner: z.uuid().optional(),
  q: z.string().trim().min(1).max(1000).optional(),
  trust_review: z.enum(['true', 'false']).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(PAGE_SIZE.max).default(PAGE_SIZE.default),
  format: z.enum(['json', 'csv']).default('json'),
});

const ledgerRoute = route('get', '/api/imports', {
  summary: 'The reliance ledger: whose verification we relied on, and what became of it',
  request: { query: ledgerQuery },
  responses: {
    200: {
      description: 'Newest first; format=csv exports every matching row',
      content: {
        'application/json': {
          schema: keysetPage(RelianceItem),
        },
        'text/csv': { schema: z.string() },
      },
    },
  },
});

/** A CSV export reads the ledger in pages of this many rows, up to the cap. */
const EXPORT_PAGE = 500;
const EXPORT_MAX = 100_000;

const relianceKey = (r: { imported_at: Date; id: string }) => ({ at: r.imported_at, id: r.id });

export function importsRoutes(deps: SharingDeps) {
  const router = createRouter();

  router.openapi(previewRoute, async (c) => {
    const { share_token } = c.req.valid('json');
    const checked = await checkToken(deps, share_token);
    const { claims, fingerprint } = checked.decoded;
    const e = checked.earlierImport;
    return c.json(
      {
        session_kind: claims.session_kind,
        source_session_id: claims.session_id,
        source_application_id: claims.from_application_id ?? null,
        partner: checked.partner
          ? {
              id: checked.partner.id,
              name: checked.partner.name,
              default_trust_review: checked.partner.default_trust_review,
            }
          : null,
        for_application_id: claims.for_application_id ?? null,
        our_application_id: deps.ownApplicationId() ?? null,
        issued_at: claims.iat === undefined ? null : new Date(claims.iat * 1000).toISOString(),
        expires_at: claims.exp === undefined ? null : new Date(claims.exp * 1000).toISOString(),
        seconds_left: checked.secondsLeft ?? null,
        token_sha256: fingerprint,
        already_imported: e
          ? {
              import_id: e.id,
              session_id: e.session_id,
              imported_at: e.imported_at.toISOString(),
              imported_by: e.imported_by_name ?? e.imported_by_email,
            }
          : null,
        suggested_trust_review: checked.partner?.default_trust_review ?? false,
        workflows: workflowsFor(deps, claims.session_kind).map((w) => ({
          label: w.label,
          workflow_id: w.workflow_id,
          session_kind: w.session_kind ?? null,
        })),
      },
      200,
    );
  });

  router.openapi(importRoute, async (c) => {
    const out = await importShared(deps, auditContext(c), c.req.valid('json'), c.get('user')!.roles);
    return c.json({ session: localSessionView(out.session), import: relianceItem(out.import) }, 201);
  });

  router.openapi(ledgerRoute, async (c) => {
    const q = c.req.valid('query');
    const filter = {
      partnerId: q.partner,
      subject: q.q,
      trustReview: q.trust_review === undefined ? undefined : q.trust_review === 'true',
    };
    if (q.format === 'csv') {
      let csv = csvLine(RELIANCE_CSV_HEADER);
      let cursor = decodeOptional(timeIdCursor, q.cursor);
      for (let n = 0; n < EXPORT_MAX; n += EXPORT_PAGE) {
        const rows = await listImports(deps.database.db, { ...filter, cursor, limit: EXPORT_PAGE });
        const p = pageOf(rows, EXPORT_PAGE, timeIdCursor, relianceKey);
        for (const r of p.items) csv += csvLine(relianceCsvRow(r));
        if (!p.next_cursor) break;
        cursor = timeIdCursor.decode(p.next_cursor);
      }
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header(
        'Content-Disposition',
        `attachment; filename="reliance-ledger-${deps.clock.now().toISOString().slice(0, 10)}.csv"`,
      );
      return c.body(csv, 200);
    }
    const rows = await listImports(deps.database.db, {
      ...filter,
      cursor: decodeOptional(timeIdCursor, q.cursor),
      limit: q.limit,
    });
    const out = pageOf(rows, q.limit, timeIdCursor, relianceKey);
    return c.json({ items: out.items.map(relianceItem), next_cursor: out.next_cursor }, 200);
  });

  return router;
}
