import { z } from '@hono/zod-openapi';
import { json, keysetPage, route } from '../platform/http/openapi.ts';
import { createRouter } from '../platform/http/router.ts';
import { type BackfillDeps, getBackfillProgress, startBackfill, stopBackfill } from './backfill.service.ts';
import { listDrifts, listFailedEvents } from './sync.repository.ts';

const Progress = z.object({
  run_id: z.number().nullable(),
  state: z.string(),
  done: z.number(),
  total: z.number().nullable(),
  rate_per_min: z.number().nullable(),
  eta_seconds: z.number().nullable(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
  error: z.string().nullable().optional(),
});
const PageQuery = z.object({
  cursor: z
    .string()
    .regex(/^\d{1,18}$/, 'malformed cursor')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const getProgress = route('get', '/api/sync/backfill', {
  summary: 'Backfill progress',
  responses: { 200: json(Progress, 'Progress') },
});
const postBackfill = route('post', '/api/sync/backfill', {
  summary: 'Start a backfill of every Didit session',
  responses: { 202: json(Progress, 'Started') },
  errors: { 409: 'CONFLICT: one is running' },
});
const deleteBackfill = route('delete', '/api/sync/backfill', {
  summary: 'Stop the running backfill',
  responses: { 200: json(Progress, 'Stopped') },
  errors: { 409: 'CONFLICT: none is running' },
});
const drifts = route('get', '/api/sync/drifts', {
  summary: 'Differences reconciliation found between the console and Didit, newest first',
  request: { query: PageQuery.extend({ session_id: z.string().min(1).max(200).optional() }) },
  responses: {
    200: json(keysetPage(z.unknown()), 'A page'),
  },
});
const failed = route('get', '/api/sync/failed-events', {
  summary: 'Verified events that could not be applied, newest first',
  request: { query: PageQuery },
  responses: {
    200: json(keysetPage(z.unknown()), 'A page'),
  },
});
const meta = route('get', '/api/meta', {
  summary: 'What the console is connected to (sandbox badge, import workflows)',
  responses: {
    200: json(
      z.object({
        sandbox: z.boolean(),
        application_id: z.string().nullable(),
        import_workflows: z.array(z.object({ label: z.string(), workflow_id: z.string() })),
      }),
      'Meta',
    ),
  },
});

function page<T extends { id: number }>(rows: T[], limit: number) {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  return { items, next_cursor: more ? String(items[items.length - 1]!.id) : null };
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** Which Didit application this console runs as; sandbox mode learns it at start-up, so it is read late. */
export interface DiditMeta {
  applicationId: string | undefined;
  importWorkflows: readonly { label: string; workflow_id: string }[];
}

export interface SyncRoutesDeps extends BackfillDeps {
  diditMeta: () => DiditMeta;
  /** The header's badge: the console talks to a local stand-in for Didit. */
  showSandboxBadge: boolean;
}

export function syncRoutes(deps: SyncRoutesDeps) {
  const app = createRouter();
  app.openapi(getProgress, async (c) => c.json(await getBackfillProgress(deps.db), 200));
  app.openapi(postBackfill, async (c) => {
    const progress = await startBackfill(deps, { user: c.get('user')!, requestId: c.get('requestId') });
    return c.json(progress, 202);
  });
  app.openapi(deleteBackfill, async (c) => {
    return c.json(await stopBackfill(deps, { user: c.get('user')!, requestId: c.get('requestId') }), 200);
  });
  app.openapi(drifts, async (c) => {
    const q = c.req.valid('query');
    const rows = await listDrifts(deps.db, {
      sessionId: q.session_id,
      before: q.cursor ? Number(q.cursor) : undefined,
      limit: q.limit,
    });
    const p = page(rows, q.limit);
    return c.json(
      { ...p, items: p.items.map((d) => ({ ...d, detected_at: d.detected_at.toISOString() })) },
      200,
    );
  });
  app.openapi(failed, async (c) => {
    const q = c.req.valid('query');
    const rows = await listFailedEvents(deps.db, {
      before: q.cursor ? Number(q.cursor) : undefined,
      limit: q.limit,
    });
    const p = page(rows, q.limit);
    return c.json(
      {
        ...p,
        items: p.items.map((e) => ({
          ...e,
          occurred_at: iso(e.occurred_at),
          received_at: iso(e.received_at),
        })),
      },
      200,
    );
  });
  app.openapi(meta, (c) => {
    const m = deps.diditMeta();
    return c.json(
      {
        sandbox: deps.showSandboxBadge,
        application_id: m.applicationId ?? null,
        import_workflows: [...m.importWorkflows],
      },
      200,
    );
  });
  return app;
}
