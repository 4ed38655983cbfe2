import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small load balancer in front of the replicas, as a deployment has one: each request goes to the next
 * backend in turn; a backend that refuses the connection (dead) is skipped, so the request lands on the next
 * one — it never reached the dead one. A backend that dies mid-request answers 502 (the client retries, as
 * Didit does). It appends the peer's address to X-Forwarded-For, like any proxy.
 */
export async function startRoundRobin() {
  const backends: string[] = [];
  const served = new Map<string, number>();
  let next = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const order = backends.map((_, i) => backends[(next + i) % backends.length]!);
      next = (next + 1) % Math.max(1, backends.length);
      const tryAt = (i: number) => {
        const target = order[i];
        if (!target) {
          res.writeHead(502, { 'content-type': 'text/plain' }).end('no live backend');
          return;
        }
        const url = new URL(target);
        const forwarded = [req.headers['x-forwarded-for'], req.socket.remoteAddress?.replace(/^::ffff:/, '')]
          .filter(Boolean)
          .join(', ');
        const upstream = http.request(
          {
            host: url.hostname,
            port: url.port,
            method: req.method,
            path: req.url,
            headers: { ...req.headers, host: url.host, 'x-forwarded-for': forwarded, connection: 'close' },
            agent: false,
          },
          (up) => {
            served.set(target, (served.get(target) ?? 0) + 1);
            res.writeHead(up.statusCode ?? 502, up.headers);
            up.pipe(res);
          },
        );
        upstream.on('error', (err: NodeJS.ErrnoException) => {
          if (err.code === 'ECONNREFUSED') return tryAt(i + 1);
          if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end('backend failed');
          else res.destroy();
        });
        upstream.end(body);
      };
      tryAt(0);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    backends,
    served,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
