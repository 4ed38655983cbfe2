import { z } from '@hono/zod-openapi';
import { json, jsonBody, route } from '../platform/http/openapi.ts';
import { createRouter } from '../platform/http/router.ts';
import type { ReviewDeps } from '../review/review.deps.ts';
import { actorOf } from '../review/review.routes.ts';
import { QUEUE_COLUMN_IDS } from './views.columns.ts';
import { listSavedViews, removeView, saveView } from './views.service.ts';

const View = z
  .object({
    id: z.string(),
    name: z.string(),
    query: z.string(),
    shared: z.boolean(),
    /** The visible columns, in the queue's order; null: the queue's default columns. */
    columns: z.array(z.enum(QUEUE_COLUMN_IDS)).nullable(),
    owner: z.object({ id: z.string(), name: z.string() }),
    mine: z.boolean(),
    created_at: z.string(),
  })
  .openapi('SavedView');

const listRoute = route('get', '/api/views', {
  summary: 'My saved queue views and the ones my team shared',
  responses: { 200: json(z.object({ items: z.array(View) }), 'Views by name') },
});

const saveRoute = route('post', '/api/views', {
  summary: 'Save the queue’s filters, sort and columns under a name (the same name replaces it)',
  request: {
    body: jsonBody(
      z.object({
        name: z.string().trim().min(1).max(80),
        /** The queue page's URL query (`tab=review&has_aml_hits=true&sort=last_event&order=newest`). */
        query: z
          .string()
          .max(1000)
          .regex(/^[A-Za-z0-9_.~%=&+,:-]*$/, 'a URL query string'),
        shared: z.boolean().default(false),
        /** The visible column ids; an unknown id is refused (400 VALIDATION). Absent: the default columns. */
        columns: z
          .array(z.enum(QUEUE_COLUMN_IDS))
          .min(1)
          .max(QUEUE_COLUMN_IDS.length)
          .refine((c) => new Set(c).size === c.length, 'each column once')
          .optional(),
      }),
    ),
  },
  responses: { 201: json(View, 'Saved') },
});

const deleteRoute = route('delete', '/api/views/{id}', {
  summary: 'Delete one of my views (an admin may delete a shared one)',
  request: { params: z.object({ id: z.uuid() }) },
  responses: { 204: { description: 'Deleted' } },
  errors: { 404: 'NOT_FOUND' },
});

export function viewsRoutes(deps: Pick<ReviewDeps, 'db' | 'clock'>) {
  const router = createRouter();
  router.openapi(listRoute, async (c) => c.json({ items: await listSavedViews(deps, actorOf(c)) }, 200));
  router.openapi(saveRoute, async (c) => c.json(await saveView(deps, actorOf(c), c.req.valid('json')), 201));
  router.openapi(deleteRoute, async (c) => {
    await removeView(deps, actorOf(c), c.req.valid('param').id);
    return c.body(null, 204);
  });
  return router;
}
