import fs from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { reactCommitHook } from '../../support/react-hook.ts';

/**
 * Load-robust figures for the console's first load, for a shared machine where wall-clock times are noise:
 * what the browser had to do before the first In Review row showed, not how long it waited for a core.
 *
 * - main-thread CPU: the renderer main thread's thread time (`tdur`, not `dur`) of its top-level tasks from
 *   navigation start to the first row, from a Chrome trace, with the biggest parts (module evaluation,
 *   script calls, style and layout) and the task that committed the first row;
 * - React commits before (and including) the one that showed the first row, counted by a stand-in of the
 *   React DevTools hook (React calls `onCommitFiberRoot` once per commit, also in production builds);
 * - network round trips: the depth of the request chain before the first row (the document is 1; a request
 *   that started after another had finished is one deeper than it);
 * - JS bytes (decoded) of the scripts fetched before the first row, and the DOM's size at the first row.
 */
export interface FirstLoadFigures {
  cpuMs: number;
  /** Thread time of the one task that committed the first row (rendering the rows). */
  rowCommitMs: number;
  evaluateMs: number;
  scriptMs: number;
  styleLayoutMs: number;
  commits: number;
  roundTrips: number;
  jsBytes: number;
  requests: number;
  domNodes: number;
  tableNodes: number;
  /** Each request before the first row: `depth start–end path`. */
  waterfall: string[];
}

const ROW = 'tbody tr[data-row-id]';

/** Chromium's flags: the tests' own list (the bench runs the browser as the tests do). */
export { BROWSER_ARGS } from '../../support/browser.ts';

/**
 * Installed before any page script: counts commits and marks the first row in the trace. A string, not a
 * function: tsx would wrap a function's inner functions in a `__name` helper the page does not have.
 */
const INSTRUMENT = `(() => {
  const row = ${JSON.stringify(ROW)};
  const fl = (window.__fl = { commits: 0 });
  ${reactCommitHook('() => { if (fl.firstRow === undefined) fl.commits++; }')}
  new MutationObserver((_, observer) => {
    if (fl.firstRow !== undefined || !document.querySelector(row)) return;
    fl.firstRow = performance.now();
    performance.mark('first-row');
    fl.domNodes = document.getElementsByTagName('*').length;
    fl.tableNodes = document.querySelector('table')?.getElementsByTagName('*').length ?? 0;
    observer.disconnect();
  }).observe(document, { subtree: true, childList: true });
})();`;

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: { documentLoaderURL?: string } };
}

const TOP_LEVEL = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);

/** Thread time (ms) on the page's renderer main thread between navigation start and the `first-row` mark. */
function mainThread(events: TraceEvent[]) {
  const mark = events.find((e) => e.name === 'first-row' && e.ph !== 'M');
  if (!mark) throw new Error('no first-row mark in the trace');
  const main = events.find(
    (e) =>
      e.ph === 'M' && e.name === 'thread_name' && e.pid === mark.pid && e.args?.name === 'CrRendererMain',
  );
  if (!main) throw new Error('no renderer main thread in the trace');
  // The page's own navigation (other navigationStart events name no document: about:blank, frames).
  const navStarts = events.filter(
    (e) =>
      e.name === 'navigationStart' &&
      e.pid === mark.pid &&
      e.ts <= mark.ts &&
      e.args?.data?.documentLoaderURL,
  );
  const from = Math.max(...navStarts.map((e) => e.ts), 0);
  const on = events.filter(
    (e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.ts >= from && e.ts <= mark.ts,
  );
  const sum = (names: Set<string>) => {
    // Only the outermost of nested events with these names counts.
    let total = 0;
    let until = -1;
    for (const e of on.filter((x) => names.has(x.name)).sort((a, b) => a.ts - b.ts)) {
      if (e.ts < until) continue;
      total += e.tdur ?? 0;
      until = e.ts + (e.dur ?? 0);
    }
    return total / 1000;
  };
  const rowTask = on.find((e) => TOP_LEVEL.has(e.name) && e.ts <= mark.ts && e.ts + (e.dur ?? 0) >= mark.ts);
  return {
    cpuMs: sum(TOP_LEVEL),
    rowCommitMs: (rowTask?.tdur ?? 0) / 1000,
    evaluateMs: sum(new Set(['v8.evaluateModule', 'EvaluateScript'])),
    scriptMs: sum(
      new Set(['FunctionCall', 'v8.evaluateModule', 'EvaluateScript', 'RunMicrotasks', 'TimerFire']),
    ),
    styleLayoutMs: sum(new Set(['Layout', 'UpdateLayoutTree', 'RecalculateStyles'])),
  };
}

interface Resource {
  name: string;
  start: number;
  end: number;
  decoded: number;
}

/** Depth of each request in the chain: the document is 1, a request is one deeper than the deepest that had finished before it started. */
function roundTrips(resources: Resource[]): { depth: number; lines: string[] } {
  const sorted = [...resources].sort((a, b) => a.start - b.start);
  const depths: number[] = [];
  sorted.forEach((r, i) => {
    let d = 1;
    for (let j = 0; j < i; j++) if (sorted[j]!.end <= r.start) d = Math.max(d, depths[j]! + 1);
    depths.push(d);
  });
  return {
    depth: Math.max(0, ...depths),
    lines: sorted.map((r, i) => `${depths[i]} ${r.start.toFixed(0)}–${r.end.toFixed(0)} ${r.name}`),
  };
}

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'v8',
  'toplevel',
  'blink.user_timing',
  '__metadata',
  // FIRST_LOAD_CATEGORIES=a,b: more (e.g. `disabled-by-default-v8.cpu_profiler` for where the time goes by
  // function, with FIRST_LOAD_TRACE); they cost CPU themselves, so such a run's figures are not comparable.
  ...(process.env.FIRST_LOAD_CATEGORIES?.split(',').filter(Boolean) ?? []),
];

/**
 * One navigation to `path` in a new page of `context`, traced; answers the figures up to the first row.
 * `context` decides cold (a new context: empty cache) or warm (one that has loaded the app before).
 * FIRST_LOAD_TRACE=file.json keeps the last trace of each `label` (`file.cold.json`, `file.warm.json`).
 */
export async function measureFirstLoad(
  browser: Browser,
  context: BrowserContext,
  label = 'run',
  path = '/queue?status=In%20Review',
): Promise<FirstLoadFigures> {
  await context.addInitScript({ content: INSTRUMENT });
  const page = await context.newPage();
  try {
    await browser.startTracing(page, { categories: CATEGORIES });
    await page.goto(path, { waitUntil: 'commit' });
    await page.locator(ROW).first().waitFor();
    await page.waitForFunction(
      () => (window as unknown as { __fl: { firstRow?: number } }).__fl.firstRow !== undefined,
    );
    const inPage = await page.evaluate(() => {
      const fl = (
        window as unknown as {
          __fl: { commits: number; firstRow: number; domNodes: number; tableNodes: number };
        }
      ).__fl;
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      // The browser's own favicon request is no step towards the first row.
      const res = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter(
        (e) => e.startTime < fl.firstRow && !e.name.endsWith('/favicon.ico'),
      );
      return {
        fl,
        resources: [
          { name: nav.name.replace(location.origin, ''), start: 0, end: nav.responseEnd, decoded: 0 },
          ...res.map((e) => ({
            name: e.name.replace(location.origin, ''),
            start: e.startTime,
            end: e.responseEnd,
            decoded: e.decodedBodySize,
          })),
        ],
      };
    });
    const raw = await browser.stopTracing();
    const keep = process.env.FIRST_LOAD_TRACE;
    if (keep) fs.writeFileSync(keep.replace(/(\.json)?$/, `.${label}$1`), raw);
    const trace = JSON.parse(raw.toString('utf8')) as { traceEvents: TraceEvent[] };
    const cpu = mainThread(trace.traceEvents);
    const chain = roundTrips(inPage.resources);
    return {
      ...cpu,
      commits: inPage.fl.commits,
      roundTrips: chain.depth,
      jsBytes: inPage.resources.filter((r) => /\.m?js(\?|$)/.test(r.name)).reduce((s, r) => s + r.decoded, 0),
      requests: inPage.resources.length,
      domNodes: inPage.fl.domNodes,
      tableNodes: inPage.fl.tableNodes,
      waterfall: chain.lines,
    };
  } finally {
    await page.close();
  }
}

/** The median of each figure over runs. */
export function medianFigures(runs: FirstLoadFigures[]): Omit<FirstLoadFigures, 'waterfall'> {
  const med = (f: (r: FirstLoadFigures) => number) => {
    const xs = runs.map(f).sort((a, b) => a - b);
    const mid = Math.floor(xs.length / 2);
    return xs.length % 2 ? xs[mid]! : (xs[mid - 1]! + xs[mid]!) / 2;
  };
  return {
    cpuMs: med((r) => r.cpuMs),
    rowCommitMs: med((r) => r.rowCommitMs),
    evaluateMs: med((r) => r.evaluateMs),
    scriptMs: med((r) => r.scriptMs),
    styleLayoutMs: med((r) => r.styleLayoutMs),
    commits: med((r) => r.commits),
    roundTrips: med((r) => r.roundTrips),
    jsBytes: med((r) => r.jsBytes),
    requests: med((r) => r.requests),
    domNodes: med((r) => r.domNodes),
    tableNodes: med((r) => r.tableNodes),
  };
}
