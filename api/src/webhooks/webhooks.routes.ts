import type { IncomingMessage } from 'node:http';
import { z } from '@hono/zod-openapi';
import { AppError } from '../platform/errors.ts';
import { route } from '../platform/http/openapi.ts';
import { createRouter } from '../platform/http/router.ts';
import { readRawBody } from './raw-body.ts';
import { receiveWebhook, type WebhookIntakeDeps } from './webhooks.service.ts';

const receive = route('post', '/webhooks/didit', {
  summary:
    'Receive one signed Didit webhook (X-Signature-V2, X-Signature or X-Signature-Simple + X-Timestamp)',
  responses: {
    200: {
      description: 'Stored (or already stored) and committed',
      content: { 'application/json': { schema: z.object({ ok: z.literal(true) }) } },
    },
    400: { description: 'VALIDATION: the body is not a JSON object (refused before any signature check)' },
    401: { description: 'INVALID_SIGNATURE: bad, missing or stale signature' },
    413: { description: 'PAYLOAD_TOO_LARGE: body over 1 MiB' },
    503: { description: 'UNAVAILABLE: not stored; retry' },
  },
});

export function webhooksRoutes(deps: WebhookIntakeDeps) {
  const app = createRouter();
  app.openapi(receive, async (c) => {
    const started = performance.now();
    let raw: Uint8Array;
    try {
      // Under @hono/node-server, the Node request: read without a web stream (see readRawBody).
      const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
      raw = await readRawBody(c.req.raw, undefined, incoming);
    } catch (err) {
      if (err instanceof AppError && err.code === 'PAYLOAD_TOO_LARGE') {
        deps.rejections.count('too_large');
        deps.metrics.webhook.rejected('too_large');
      }
      throw err;
    }
    try {
      const result = await receiveWebhook(deps, raw, {
        'x-signature': c.req.header('x-signature'),
        'x-signature-v2': c.req.header('x-signature-v2'),
        'x-signature-simple': c.req.header('x-signature-simple'),
        'x-timestamp': c.req.header('x-timestamp'),
      });
      deps.metrics.webhook.observe(
        result.outcome === 'duplicate' ? 'duplicate' : 'accepted',
        (performance.now() - started) / 1000,
      );
      return c.json({ ok: true as const }, 200);
    } catch (err) {
      const outcome =
        err instanceof AppError && (err.code === 'INVALID_SIGNATURE' || err.code === 'VALIDATION')
          ? 'rejected'
          : 'error';
      deps.metrics.webhook.observe(outcome, (performance.now() - started) / 1000);
      throw err;
    }
  });
  return app;
}
