import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { chromium } from 'playwright-core';
import { REPO } from '../support/console.ts';
import { ms, percentile, type Row, row } from './support/report.ts';
import type { Credentials } from './support/server.ts';

/**
 * Part 5: the production build's initial JavaScript, and in Chromium the time from navigation to the first
 * queue rows and to a case view, against the million-session database.
 */
const DIST = path.join(REPO, 'web/dist');
const RUNS = Number(process.env.BENCH_CONSOLE_RUNS ?? 7);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const log = (s: string) => process.stderr.write(`[console] ${s}\n`);

export function buildWeb(): void {
  if (process.env.BENCH_SKIP_BUILD === '1' && fs.existsSync(path.join(DIST, 'index.html'))) return;
  log('pnpm --filter web build');
  execFileSync('pnpm', ['--filter', 'web', 'build'], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** What index.html makes the browser fetch before the first render: the entry script and its modulepreloads. */
export function initialJs(): { files: string[]; gzip: number; allGzip: number } {
  const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const files = [
    ...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
  ].map((m) => m[1]!);
  const gz = (f: string) =>
    gzipSync(fs.readFileSync(path.join(DIST, f.replace(/^\//, ''))), { level: 9 }).length;
  const gzip = files.reduce((s, f) => s + gz(f), 0);
  const all = fs
    .readdirSync(path.join(DIST, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .reduce((s, f) => s + gz(`assets/${f}`), 0);
  return { files, gzip, allGzip: all };
}

export async function benchConsole(
  serverUrl: string,
  creds: Credentials,
  databaseUrl: string,
): Promise<Row[]> {
  const rows: Row[] = [];
  const js = initialJs();
  const kb = js.gzip / 1024;
  rows.push(
    row(
      'console',
      `initial JS, gzip -9 (${js.files.length} files)`,
      `${kb.toFixed(1)} KB`,
      '≤ 250 KB',
      kb <= 250,
    ),
    row('console', 'all JS chunks incl. lazy pages, gzip -9', `${(js.allGzip / 1024).toFixed(1)} KB`),
  );
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  const { rows: cases } = await c.query<{ session_id: string; session_number: number }>(
    `select session_id, session_number from sessions
     where status_key = 'IN_REVIEW' and session_number is not null and session_number % 97 = 0 limit ${RUNS + 1}`,
  );
  await c.end();

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const context = await browser.newContext({ baseURL: serverUrl, viewport: { width: 1360, height: 900 } });
    context.setDefaultTimeout(30_000);
    const login = await context.newPage();
    await login.goto('/login');
    await login.getByLabel('Email').fill(creds.email);
    await login.getByLabel('Password').fill(creds.password);
    await login.getByRole('button', { name: 'Sign in', exact: true }).click();
    await login.waitForURL(/\/queue/);
    await login.close();

    const queue: number[] = [];
    const caseView: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      // A new tab each time; the first run also has a cold HTTP cache.
      const page = await context.newPage();
      let t0 = performance.now();
      await page.goto('/queue?status=In%20Review', { waitUntil: 'commit' });
      await page.locator('tbody tr[data-row-id]').first().waitFor();
      queue.push(performance.now() - t0);
      const target = cases[i % cases.length]!;
      t0 = performance.now();
      await page.goto(`/sessions/${target.session_id}`, { waitUntil: 'commit' });
      await page.locator('h1', { hasText: `#${target.session_number}` }).waitFor();
      caseView.push(performance.now() - t0);
      await page.close();
    }
    log(
      `queue ${queue.map((v) => v.toFixed(0)).join(' ')} ms; case ${caseView.map((v) => v.toFixed(0)).join(' ')} ms`,
    );
    const cold = (xs: number[]) => xs[0]!;
    const med = (xs: number[]) =>
      percentile(
        [...xs.slice(1)].sort((a, b) => a - b),
        50,
      );
    const worst = (xs: number[]) => Math.max(...xs);
    rows.push(
      row(
        'console',
        'navigation → first In Review rows (first load · median · worst)',
        `${ms(cold(queue))} · ${ms(med(queue))} · ${ms(worst(queue))}`,
        '≤ 1 s',
        worst(queue) <= 1000,
      ),
      row(
        'console',
        'navigation → case view (first load · median · worst)',
        `${ms(cold(caseView))} · ${ms(med(caseView))} · ${ms(worst(caseView))}`,
        '≤ 1 s',
        worst(caseView) <= 1000,
      ),
    );
  } finally {
    await browser.close();
  }
  return rows;
}
