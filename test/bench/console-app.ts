import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { BROWSER_ARGS } from '../support/browser.ts';
import { REPO } from '../support/console.ts';
import { type FirstLoadFigures, measureFirstLoad, medianFigures } from './support/first-load.ts';
import { ms, percentile, type Row, row } from './support/report.ts';
import type { Credentials } from './support/server.ts';

/**
 * Part 5: the production build's initial JavaScript, and in Chromium the time from navigation to the first
 * queue rows and to a case view, against the million-session database: warm (a profile that already loaded
 * the app) and cold (a new profile after a restart), reported apart.
 */
const DIST = path.join(REPO, 'web/dist');
/** More than 7 runs each, so a median and a worst case mean something. */
const WARM_RUNS = Number(process.env.BENCH_CONSOLE_RUNS ?? 9);
const COLD_RUNS = Number(process.env.BENCH_CONSOLE_COLD_RUNS ?? 9);
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

/** Restarts what a cold run needs restarted and answers the console's (new) URL. */
export interface ColdStart {
  restart(): Promise<string>;
  /** What is cold after `restart` (see support/pg.ts `coldness`). */
  describe: string;
}

interface Timed {
  queue: number;
  caseView: number;
}

/** One navigation to the In Review queue and one to a case, in `page`, timed from navigation start. */
async function navigate(page: Page, target: { session_id: string; session_number: number }): Promise<Timed> {
  let t0 = performance.now();
  await page.goto('/queue?status=In%20Review', { waitUntil: 'commit' });
  await page.locator('tbody tr[data-row-id]').first().waitFor();
  const queue = performance.now() - t0;
  t0 = performance.now();
  await page.goto(`/sessions/${target.session_id}`, { waitUntil: 'commit' });
  await page.locator('h1', { hasText: `#${target.session_number}` }).waitFor();
  return { queue, caseView: performance.now() - t0 };
}

export async function benchConsole(
  serverUrl: string,
  creds: Credentials,
  databaseUrl: string,
  cold: ColdStart,
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
     where status_key = 'IN_REVIEW' and session_number is not null and session_number % 97 = 0
     limit ${WARM_RUNS + COLD_RUNS + 1}`,
  );
  await c.end();

  // Warm: one browser profile that has loaded the app and signed in; each run is a new tab, so the HTTP
  // cache (index.html, entry, preloads, queue chunk) and the database are warm.
  const warm: Timed[] = [];
  let robust: Row[] = [];
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: BROWSER_ARGS });
  try {
    const context = await browser.newContext({ baseURL: serverUrl, viewport: { width: 1360, height: 900 } });
    context.setDefaultTimeout(60_000);
    const login = await context.newPage();
    await login.goto('/login');
    await login.getByLabel('Email').fill(creds.email);
    await login.getByLabel('Password').fill(creds.password);
    await login.getByRole('button', { name: 'Sign in', exact: true }).click();
    await login.waitForURL(/\/queue/);
    await login.close();
    for (let i = 0; i < WARM_RUNS; i++) {
      const page = await context.newPage();
      warm.push(await navigate(page, cases[i % cases.length]!));
      await page.close();
    }
    robust = await loadRobustRows(browser, context, serverUrl, creds);
  } finally {
    await browser.close();
  }

  // Cold: before each run the console (and, when configured, Postgres) is restarted, and Chromium starts
  // with a new, empty profile directory. Sign-in goes through the API, so no page of the app is in the
  // browser's cache when the timed navigation starts.
  const coldRuns: Timed[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const url = await cold.restart();
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-profile-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: BROWSER_ARGS,
      baseURL: url,
      viewport: { width: 1360, height: 900 },
    });
    try {
      context.setDefaultTimeout(60_000);
      const res = await context.request.post('/api/auth/login', { data: creds, headers: { origin: url } });
      if (res.status() !== 200) throw new Error(`login answered ${res.status()}`);
      const page = await context.newPage();
      coldRuns.push(await navigate(page, cases[(WARM_RUNS + i) % cases.length]!));
    } finally {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    }
  }
  const fmt = (xs: number[]) => xs.map((v) => v.toFixed(0)).join(' ');
  log(`warm queue ${fmt(warm.map((t) => t.queue))} ms; case ${fmt(warm.map((t) => t.caseView))} ms`);
  log(`cold queue ${fmt(coldRuns.map((t) => t.queue))} ms; case ${fmt(coldRuns.map((t) => t.caseView))} ms`);

  const med = (xs: number[]) =>
    percentile(
      [...xs].sort((a, b) => a - b),
      50,
    );
  const worst = (xs: number[]) => Math.max(...xs);
  const figure = (name: string, xs: number[]) =>
    row('console', name, `${ms(med(xs))} · ${ms(worst(xs))}`, '≤ 1 s', worst(xs) <= 1000);
  rows.push(
    figure(
      `cold first load → first In Review rows, median · worst of ${COLD_RUNS} (new profile; ${cold.describe})`,
      coldRuns.map((t) => t.queue),
    ),
    figure(
      `cold: then → case view, median · worst of ${COLD_RUNS}`,
      coldRuns.map((t) => t.caseView),
    ),
    figure(
      `warm (app cached, signed in) → first In Review rows, median · worst of ${WARM_RUNS}`,
      warm.map((t) => t.queue),
    ),
    figure(
      `warm → case view, median · worst of ${WARM_RUNS}`,
      warm.map((t) => t.caseView),
    ),
  );
  rows.push(...robust);
  return rows;
}

/** Runs of the load-robust figures (support/first-load.ts), cold and warm each. */
const ROBUST_RUNS = Number(process.env.BENCH_CONSOLE_ROBUST_RUNS ?? 3);

/**
 * The first load in figures a busy machine does not distort (support/first-load.ts): cold in new contexts
 * of `browser` (empty cache, signed in through the API), warm in `context` (has loaded the app).
 */
async function loadRobustRows(
  browser: Browser,
  context: BrowserContext,
  serverUrl: string,
  creds: Credentials,
): Promise<Row[]> {
  const cold: FirstLoadFigures[] = [];
  for (let i = 0; i < ROBUST_RUNS; i++) {
    const fresh = await browser.newContext({ baseURL: serverUrl, viewport: { width: 1360, height: 900 } });
    try {
      const res = await fresh.request.post('/api/auth/login', {
        data: creds,
        headers: { origin: serverUrl },
      });
      if (res.status() !== 200) throw new Error(`login answered ${res.status()}`);
      cold.push(await measureFirstLoad(browser, fresh));
    } finally {
      await fresh.close();
    }
  }
  const warm: FirstLoadFigures[] = [];
  for (let i = 0; i < ROBUST_RUNS; i++) warm.push(await measureFirstLoad(browser, context));
  const c = medianFigures(cold);
  const w = medianFigures(warm);
  const both = (f: (x: typeof c) => string) => `cold ${f(c)} · warm ${f(w)}`;
  const of = `median of ${ROBUST_RUNS}`;
  return [
    row(
      'console',
      `load-robust: renderer main-thread CPU to first In Review row (thread time), ${of}`,
      both((x) => ms(x.cpuMs)),
    ),
    row(
      'console',
      `load-robust: of which module evaluation · style and layout, ${of}`,
      both((x) => `${ms(x.evaluateMs)} · ${ms(x.styleLayoutMs)}`),
    ),
    row(
      'console',
      `load-robust: React commits up to the first row, ${of}`,
      both((x) => String(x.commits)),
    ),
    row(
      'console',
      `load-robust: sequential network round trips before the first row, ${of}`,
      both((x) => String(x.roundTrips)),
    ),
    row(
      'console',
      `load-robust: JS evaluated before the first row (decoded), ${of}`,
      both((x) => `${(x.jsBytes / 1024).toFixed(0)} KB`),
    ),
    row(
      'console',
      'load-robust: DOM elements at the first row (page · table)',
      `${c.domNodes} · ${c.tableNodes}`,
    ),
  ];
}
