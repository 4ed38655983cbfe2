import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../support/browser.ts';
import { withConsole } from '../support/console.ts';

interface Item {
  session_id: string;
  session_kind: 'user' | 'business';
  status_key: string;
  aml_hits: number;
  imported: boolean;
  shared_from_session: string | null;
}

describe('sandbox mode', () => {
  it('fills an empty database through the signed webhook intake: 200+ sessions, 30+ In Review, KYC and KYB, AML hits, imports', async () => {
    await withConsole({}, async ({ url, logs }) => {
      const fail = () =>
        logs()
          .split('\n')
          .filter((l) => l.includes('unhandled'))
          .slice(0, 3)
          .join('\n');
      const login = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: url },
        body: JSON.stringify({ email: 'admin@sandbox.test', password: DEMO_PASSWORD }),
      });
      expect(login.status, await login.clone().text()).toBe(200);
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
      const all = async () => {
        const items: Item[] = [];
        let cursor: string | null = null;
        do {
          const res: Response = await fetch(
            `${url}/api/sessions?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
            { headers: { cookie } },
          );
          expect(res.status, fail()).toBe(200);
          const body = (await res.json()) as { items: Item[]; next_cursor: string | null };
          items.push(...body.items);
          cursor = body.next_cursor;
        } while (cursor);
        return items;
      };
      // The embedded database seeds in ~80 s on an idle 2-core machine; leave room for a loaded one.
      const deadline = Date.now() + 200_000;
      let items: Item[] = [];
      for (;;) {
        items = await all();
        const settled = items.filter((i) => !['NOT_STARTED', 'IN_PROGRESS'].includes(i.status_key)).length;
        const imports = items.filter((i) => i.imported).length;
        if ((items.length >= 200 && settled >= 190 && imports >= 8) || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 1000));
      }
      expect(items.length).toBeGreaterThanOrEqual(200);
      expect(items.filter((i) => i.status_key === 'IN_REVIEW').length).toBeGreaterThanOrEqual(30);
      expect(items.some((i) => i.session_kind === 'user')).toBe(true);
      expect(items.some((i) => i.session_kind === 'business')).toBe(true);
      expect(items.some((i) => i.aml_hits > 0)).toBe(true);
      const imported = items.filter((i) => i.imported);
      expect(imported.length).toBeGreaterThan(0);
      expect(imported.every((i) => typeof i.shared_from_session === 'string')).toBe(true);

      // Every one of them arrived as a signed webhook (history source), not through a side door.
      const notByWebhook: string[] = [];
      const queue = items.map((i) => i.session_id);
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          for (let id = queue.pop(); id; id = queue.pop()) {
            const detail = await fetch(`${url}/api/sessions/${id}`, { headers: { cookie } });
            expect(detail.status, fail()).toBe(200);
            const body = (await detail.json()) as { history: { source: string }[] };
            const sources = [...new Set(body.history.map((h) => h.source))];
            if (sources.length !== 1 || sources[0] !== 'webhook')
              notByWebhook.push(`${id}: ${sources.join(',') || 'no history'}`);
          }
        }),
      );
      expect(notByWebhook).toEqual([]);

      const meta = await fetch(`${url}/api/meta`, { headers: { cookie } });
      expect(await meta.json()).toMatchObject({ sandbox: true, application_id: expect.any(String) });
    });
  }, 300_000);
});
