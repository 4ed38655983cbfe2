import { z } from '@hono/zod-openapi';
import { route } from '../platform/http/openapi.ts';
import { createRouter } from '../platform/http/router.ts';
import { type ReapplyDeps, reapplyFailedEvent } from './reapply.service.ts';

const reapply = route('post', '/api/sync/failed-events/{id}/reapply', {
  summary: 'Re-read a failed webhook from its stored bytes and apply it (after a fix was deployed)',
  request: { params: z.object({ id: z.string().regex(/^\d{1,18}$/, 'malformed event id') }) },
  responses: {
    200: {
      description: 'Applied (or stale: a newer event already shows)',
      content: {
        'application/json': {
          schema: z.object({ id: z.number(), apply_state: z.string(), session_id: z.string().nullable() }),
        },
      },
    },
  },
  errors: {
    404: 'NOT_FOUND',
    409: 'CONFLICT: not failed, not a webhook, or already stored as another event',
    422: 'UNPROCESSABLE: still cannot be applied (the reason says why)',
  },
});

export function reapplyRoutes(deps: ReapplyDeps) {
  const app = createRouter();
  app.openapi(reapply, async (c) => {
    const result = await reapplyFailedEvent(deps, Number(c.req.valid('param').id), {
      user: c.get('user')!,
      requestId: c.get('requestId'),
    });
    return c.json(result, 200);
  });
  return app;
}
