import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../support/browser.ts';
import { REPO, startConsole } from '../support/console.ts';

/**
 * `pnpm start` runs the compiled server under plain node, with no TypeScript loader: any `.ts` module left
 * on its path (a migration, an import the build did not rewrite) stops it with ERR_UNKNOWN_FILE_EXTENSION.
 * The root `pnpm test` builds api/dist before this suite runs.
 */
describe('production build', () => {
  it('starts with `node api/dist/main.js`: migrates, seeds the sandbox through the webhook intake, serves the SPA and the API, exits 0 on SIGTERM', async () => {
    const main = path.join(REPO, 'api/dist/main.js');
    if (!fs.existsSync(main)) throw new Error(`${main} is missing: run \`pnpm --filter api build\` first`);
    // The contract publishes demo accounts on an external database only with DEMO_ACCOUNTS=1 (CI's server).
    const c = await startConsole({ DEMO_ACCOUNTS: '1' }, { compiled: true });
    try {
      expect(c.child.spawnargs.at(-1)).toBe(main);
      expect(c.child.spawnargs).not.toContain('tsx');
      const page = await fetch(`${c.url}/queue`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');

      const login = await fetch(`${c.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: c.url },
        body: JSON.stringify({ email: 'reviewer@sandbox.test', password: DEMO_PASSWORD }),
      });
      expect(login.status, await login.clone().text()).toBe(200);
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
      // The first demo session arrives as a signed webhook from the sandbox: intake and fold ran compiled.
      const deadline = Date.now() + 120_000;
      let items: unknown[] = [];
      while (items.length === 0 && Date.now() < deadline) {
        const res = await fetch(`${c.url}/api/sessions?limit=1`, { headers: { cookie } });
        expect(res.status, c.logs()).toBe(200);
        items = ((await res.json()) as { items: unknown[] }).items;
        if (items.length === 0) await new Promise((r) => setTimeout(r, 500));
      }
      expect(items.length, c.logs()).toBe(1);
    } finally {
      expect(await c.stop('SIGTERM'), c.logs()).toBe(0);
    }
  });

  it.each([
    ['cli/audit-verify.main.js', ['/nonexistent/audit.jsonl'], {}, 2, 'audit:verify: cannot read'],
    ['cli/user-create.main.js', ['--no-such-option'], {}, 1, "Unknown option '--no-such-option'"],
    ['cli/rebuild-sessions.main.js', ['--no-such-option'], {}, 2, 'usage: pnpm rebuild-sessions'],
    ['cli/migrate.main.js', [], { DATABASE_URL: 'mysql://nowhere' }, 1, 'DATABASE_URL'],
  ] as const)(
    'the compiled %s runs under plain node (answers bad input with its own message)',
    (file, args, env, code, message) => {
      const cli = path.join(REPO, 'api/dist', file);
      const run = spawnSync(process.execPath, [cli, ...args], {
        cwd: REPO,
        env: { ...process.env, ...env },
        encoding: 'utf8',
        timeout: 60_000,
      });
      const output = run.stdout + run.stderr;
      expect(output).toContain(message);
      expect(run.status, output).toBe(code);
    },
  );
});
