import autocannon from 'autocannon';

export interface AutocannonResult {
  rate: number;
  ok: number;
  non2xx: number;
  errors: number;
  p50: number;
  p99: number;
  seconds: number;
  exhausted: boolean;
}

/**
 * The intake measured with autocannon, a standard HTTP load tool, instead of the project's own generator:
 * `connections` connections for `seconds`, each request the next pre-signed webhook of `requests` (a new
 * event every time: a repeated body would be a cheap duplicate).
 */
export async function autocannonIntake(
  url: string,
  requests: Array<{ headers: Record<string, string>; body: string }>,
  connections: number,
  seconds: number,
): Promise<AutocannonResult> {
  let next = 0;
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    pipelining: 1,
    requests: [
      {
        method: 'POST',
        path: '/webhooks/didit',
        setupRequest: (req) => {
          const r = requests[next++ % requests.length]!;
          return { ...req, method: 'POST', path: '/webhooks/didit', headers: r.headers, body: r.body };
        },
      },
    ],
  });
  const ok = result['2xx'];
  return {
    rate: ok / result.duration,
    ok,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    p50: result.latency.p50,
    p99: result.latency.p99,
    seconds: result.duration,
    exhausted: next > requests.length,
  };
}
