import { signatureHeaders } from '@console/didit/signature';
import { buildCorpus, newId, render } from './corpus.ts';
import { RawHttpConnection, serializePost } from './raw-http.ts';
import { BENCH_WEBHOOK_SECRET } from './server.ts';

export interface SteadyIntakeResult {
  sent: number;
  ok: number;
  seconds: number;
  /** Session ids the webhooks created, so the caller can remove them from a kept database. */
  sessionIds: string[];
}

/**
 * Signed webhooks (new sessions, full decisions, as Didit sends them) at a steady `perSecond` over a few
 * keep-alive connections, while something else is measured. Paced by the clock: every 20 ms it sends what is
 * due; when every connection is busy the rate falls behind, and `sent / seconds` says so.
 */
export async function startSteadyIntake(serverUrl: string, perSecond: number, connections = 32) {
  const corpus = buildCorpus(100);
  const target = new URL('/webhooks/didit', serverUrl);
  const conns = await Promise.all(
    Array.from({ length: connections }, () => RawHttpConnection.open(target.hostname, Number(target.port))),
  );
  const idle = [...conns];
  const sessionIds: string[] = [];
  let sent = 0;
  let ok = 0;
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  const one = (conn: RawHttpConnection, k: number) => {
    const t = corpus.pick(k);
    const sid = newId();
    sessionIds.push(sid);
    const nowS = Math.floor(Date.now() / 1000);
    const v = {
      sid,
      eid: newId(),
      num: 5_000_000 + k,
      ts: nowS,
      createdMs: nowS * 1000,
      vendor: `steady-${k}`,
      seed: k + 1,
    };
    const body = render(t, v);
    const request = serializePost(
      target,
      { 'Content-Type': 'application/json', ...signatureHeaders(body, BENCH_WEBHOOK_SECRET, v.ts) },
      body,
    );
    const p = conn
      .send(request)
      .then(
        (status) => {
          if (status === 200) ok++;
        },
        () => {},
      )
      .finally(() => {
        idle.push(conn);
        inFlight.delete(p);
      });
    inFlight.add(p);
  };
  const timer = setInterval(() => {
    const due = Math.floor(((performance.now() - started) / 1000) * perSecond);
    while (sent < due && idle.length > 0) one(idle.pop()!, sent++);
  }, 20);
  return {
    async stop(): Promise<SteadyIntakeResult> {
      clearInterval(timer);
      await Promise.all(inFlight);
      for (const c of conns) c.close();
      return { sent, ok, seconds: (performance.now() - started) / 1000, sessionIds };
    },
  };
}
