import http from 'node:http';
import { percentile } from './report.ts';

/** Sequential GETs over one keep-alive connection, as a reviewer's browser sends them. */
export class Getter {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  constructor(
    private readonly base: string,
    private readonly cookie: string,
  ) {}

  get(path: string): Promise<{ status: number; body: string; ms: number }> {
    const t0 = performance.now();
    return new Promise((resolve, reject) => {
      const req = http.get(
        new URL(path, this.base),
        { agent: this.agent, headers: { cookie: this.cookie } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              ms: performance.now() - t0,
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
    });
  }

  close() {
    this.agent.destroy();
  }
}

export interface Timing {
  min: number;
  p50: number;
  p95: number;
  n: number;
  errors: number;
  /** Items on the last page answered (list routes). */
  items: number | undefined;
}

/** `warmup` untimed calls, then `n` timed ones; `paths(i)` may vary the request (a different case each time). */
export async function timeGets(
  g: Getter,
  paths: (i: number) => string,
  n: number,
  warmup = 3,
): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await g.get(paths(n + i));
  const times: number[] = [];
  let errors = 0;
  let last = '';
  for (let i = 0; i < n; i++) {
    const r = await g.get(paths(i));
    if (r.status !== 200) errors++;
    times.push(r.ms);
    last = r.body;
  }
  let items: number | undefined;
  try {
    const parsed = JSON.parse(last) as { items?: unknown[] };
    items = Array.isArray(parsed.items) ? parsed.items.length : undefined;
  } catch {}
  times.sort((a, b) => a - b);
  return { min: times[0]!, p50: percentile(times, 50), p95: percentile(times, 95), n, errors, items };
}
