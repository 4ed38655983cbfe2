import { chromium } from 'playwright-core';
import {
  BROWSER_ARGS,
  type FirstLoadFigures,
  measureFirstLoad,
  medianFigures,
} from './support/first-load.ts';
import { urlFor } from './support/pg.ts';
import { createReviewer, startBenchConsole } from './support/server.ts';

/**
 * `pnpm bench:first-load` (or `cd test && npx tsx bench/first-load.ts`): the console's first load at the
 * kept million-session database (`bench_seed_1000000`, made by `pnpm bench`), in load-robust figures
 * (support/first-load.ts): renderer main-thread CPU to the first In Review row, React commits, network
 * round trips, JS bytes, DOM size. Cold = a new browser context (empty cache, no app loaded before, signed
 * in through the API); warm = a context that has loaded the app. FIRST_LOAD_RUNS runs each (default 5).
 */
const RUNS = Number(process.env.FIRST_LOAD_RUNS ?? 5);
const DATABASE = process.env.FIRST_LOAD_DATABASE ?? 'bench_seed_1000000';

const db = urlFor(DATABASE);
const server = await startBenchConsole(db);
const creds = await createReviewer(db);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: BROWSER_ARGS,
});
const viewport = { width: 1360, height: 900 };
const signIn = async (context: import('playwright-core').BrowserContext) => {
  const res = await context.request.post('/api/auth/login', { data: creds, headers: { origin: server.url } });
  if (res.status() !== 200) throw new Error(`login answered ${res.status()}`);
};
try {
  const cold: FirstLoadFigures[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ baseURL: server.url, viewport });
    await signIn(context);
    cold.push(await measureFirstLoad(browser, context, 'cold'));
    await context.close();
  }
  const warm: FirstLoadFigures[] = [];
  const context = await browser.newContext({ baseURL: server.url, viewport });
  await signIn(context);
  await (await context.newPage()).goto('/queue?status=In%20Review');
  for (let i = 0; i < RUNS; i++) warm.push(await measureFirstLoad(browser, context, 'warm'));
  await context.close();

  const c = medianFigures(cold);
  const w = medianFigures(warm);
  const line = (name: string, f: (x: typeof c) => string) => console.log(`| ${name} | ${f(c)} | ${f(w)} |`);
  console.log(`\nFirst In Review rows at ${DATABASE}, median of ${RUNS} runs each\n`);
  console.log('| figure | cold (new context) | warm (app cached) |\n| --- | --- | --- |');
  line('renderer main-thread CPU to first row (thread time)', (x) => `${x.cpuMs.toFixed(0)} ms`);
  line('  of which the task that committed the first row', (x) => `${x.rowCommitMs.toFixed(0)} ms`);
  line('  of which module/script evaluation', (x) => `${x.evaluateMs.toFixed(0)} ms`);
  line('  of which all script (evaluation, calls, microtasks, timers)', (x) => `${x.scriptMs.toFixed(0)} ms`);
  line('  of which style and layout', (x) => `${x.styleLayoutMs.toFixed(0)} ms`);
  line('React commits up to the first row', (x) => String(x.commits));
  line('sequential network round trips before the first row', (x) => String(x.roundTrips));
  line('requests before the first row', (x) => String(x.requests));
  line('JS evaluated before the first row (decoded)', (x) => `${(x.jsBytes / 1024).toFixed(0)} KB`);
  line('DOM elements at the first row (page · table)', (x) => `${x.domNodes} · ${x.tableNodes}`);
  console.log(`\ncold waterfall (depth start–end ms path), last run:\n${cold.at(-1)!.waterfall.join('\n')}`);
} finally {
  await browser.close();
  await server.stop();
}
