import { describe, expect, it } from 'vitest';
import { withConsole } from '../support/console.ts';

describe('console shell', () => {
  it('serves the built SPA, client routes fall back to index.html', async () => {
    await withConsole({}, async ({ url }) => {
      const res = await fetch(`${url}/queue/anything`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<div id="root">');
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
    });
  });
});
