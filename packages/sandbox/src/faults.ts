import type { ServerResponse } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from './http.ts';
import { Rng } from './rng.ts';

export interface Faults {
  status429Rate: number;
  status5xxRate: number;
  /** The request is held until the sandbox closes (or 10 minutes pass), as a dead upstream would. */
  hangRate: number;
  /** The request is processed, then the response body is cut half-way and the connection reset. */
  truncateRate: number;
  retryAfterSeconds: number;
  paths?: RegExp;
}

const NONE: Faults = {
  status429Rate: 0,
  status5xxRate: 0,
  hangRate: 0,
  truncateRate: 0,
  retryAfterSeconds: 1,
};

/** Injected failures for the client's fault tests; drawn from their own seeded stream. */
export class FaultInjector {
  private faults: Faults = NONE;
  private readonly rng: Rng;
  private readonly hanging = new Set<() => void>();

  constructor(seed: number) {
    this.rng = new Rng(seed, 'faults');
  }

  set(f: Partial<Faults>): void {
    this.faults = { ...this.faults, ...f };
  }

  clear(): void {
    this.faults = NONE;
  }

  releaseHanging(): void {
    for (const release of this.hanging) release();
    this.hanging.clear();
  }

  middleware(): MiddlewareHandler {
    return async (c, next) => {
      const f = this.faults;
      if (f.paths && !f.paths.test(c.req.path)) return next();
      if (f.hangRate > 0 && this.rng.chance(f.hangRate)) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 600_000);
          this.hanging.add(() => {
            clearTimeout(timer);
            resolve();
          });
        });
        throw new ApiError(504, { detail: 'Gateway Timeout' });
      }
      if (f.status429Rate > 0 && this.rng.chance(f.status429Rate)) {
        throw new ApiError(
          429,
          { detail: `Request was throttled. Expected available in ${f.retryAfterSeconds} seconds.` },
          {
            'Retry-After': String(f.retryAfterSeconds),
            'X-RateLimit-Limit': '600',
            'X-RateLimit-Remaining': '0',
            'X-RateLimit-Reset': String(Math.ceil(Date.now() / 1000) + f.retryAfterSeconds),
          },
        );
      }
      if (f.status5xxRate > 0 && this.rng.chance(f.status5xxRate)) {
        throw new ApiError(this.rng.pick([500, 502, 503]), { detail: 'A server error occurred.' });
      }
      const truncate = f.truncateRate > 0 && this.rng.chance(f.truncateRate);
      await next();
      if (truncate)
        c.res = await truncated(c.res, (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing);
    };
  }
}

/**
 * Sends the status, headers and a full Content-Length, then half the body, then resets the connection:
 * the client sees a body that ends early. Under @hono/node-server the raw response is written directly;
 * elsewhere (app.request) the body stream errors half-way instead.
 */
async function truncated(res: Response, outgoing: ServerResponse | undefined): Promise<Response> {
  const bytes = new Uint8Array(await res.arrayBuffer());
  const half = bytes.subarray(0, Math.floor(bytes.length / 2));
  if (outgoing) {
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      headers[k] = v;
    });
    outgoing.writeHead(res.status, { ...headers, 'content-length': String(bytes.length) });
    outgoing.write(half, () => outgoing.destroy());
    return new Response(null, { headers: { 'x-hono-already-sent': '1' } });
  }
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(half);
      controller.error(new Error('sandbox fault: connection reset mid-body'));
    },
  });
  const headers = new Headers(res.headers);
  headers.delete('content-length');
  return new Response(stream, { status: res.status, headers });
}
