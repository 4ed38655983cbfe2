import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A transparent recorder in front of the sandbox: every request the console makes to "Didit" is written down
 * with its arrival time, so a scenario can prove the console never spent more than its budget in any 60-second
 * window, counted where Didit would count it. Optional latency makes a backfill long enough to interrupt.
 */
interface RecordedCall {
  at: number;
  method: string;
  path: string;
  status: number | 'reset';
}

export async function startDiditProxy(upstream: string, opts: { latencyMs?: number } = {}) {
  const calls: RecordedCall[] = [];
  const target = new URL(upstream);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const server = http.createServer((req, res) => {
    const rec: RecordedCall = {
      at: Date.now(),
      method: req.method ?? 'GET',
      path: (req.url ?? '').split('?')[0]!,
      status: 'reset',
    };
    calls.push(rec);
    const forward = () => {
      const up = http.request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
          agent,
        },
        (upRes) => {
          rec.status = upRes.statusCode ?? 0;
          res.writeHead(upRes.statusCode ?? 502, upRes.headers);
          upRes.pipe(res);
          // The sandbox cuts a truncated body by resetting; pass the reset on rather than end cleanly.
          upRes.on('error', () => res.destroy());
          upRes.on('aborted', () => res.destroy());
        },
      );
      up.on('error', () => res.destroy());
      req.pipe(up);
      res.on('close', () => {
        if (!res.writableFinished) up.destroy();
      });
    };
    if (opts.latencyMs) setTimeout(forward, opts.latencyMs);
    else forward();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      agent.destroy();
    },
  };
}
