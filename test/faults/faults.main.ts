import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ScenarioResult } from './support/harness.ts';
import { RESULTS_DIR } from './support/harness.ts';

/**
 * `pnpm test:faults`: runs every fault scenario (vitest, one file at a time), then prints the summary table
 * and fails when anything acknowledged was lost, anything applied twice, anything forged accepted, or bad
 * input caused a 5xx — or when a scenario's own assertions failed. With a Postgres server to run against
 * (DATABASE_URL set, as in `.ci/run`) a skipped scenario or test is a failure too: a skip is not a pass.
 */
fs.rmSync(RESULTS_DIR, { recursive: true, force: true });
fs.mkdirSync(RESULTS_DIR, { recursive: true });
const vitestReport = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'faults-')), 'vitest.json');

const vitest = spawnSync(
  'npx',
  [
    'vitest',
    'run',
    '--config',
    path.join(import.meta.dirname, 'vitest.config.ts'),
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${vitestReport}`,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit', cwd: path.join(import.meta.dirname, '..') },
);

/** Tests vitest skipped (`skipIf`, `.skip`, `.todo`), by name. */
function skippedTests(): string[] | undefined {
  if (!fs.existsSync(vitestReport)) return undefined;
  const report = JSON.parse(fs.readFileSync(vitestReport, 'utf8')) as {
    testResults: Array<{ assertionResults: Array<{ fullName: string; status: string }> }>;
  };
  return report.testResults.flatMap((f) =>
    f.assertionResults.filter((a) => a.status !== 'passed' && a.status !== 'failed').map((a) => a.fullName),
  );
}

const results: ScenarioResult[] = fs
  .readdirSync(RESULTS_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(fs.readFileSync(path.join(RESULTS_DIR, f), 'utf8')) as ScenarioResult)
  .sort((a, b) => a.scenario.localeCompare(b.scenario));

const header = ['scenario', 'events', 'acknowledged', 'lost', 'doubled', '5xx', 'forged accepted', 'time'];
// An empty cell: the scenario does not measure that column.
const counted = (n: number | null) => (n === null ? '' : String(n));
const fiveXxCell = (r: ScenarioResult) => {
  if (r.fiveXx === null) return '';
  const from = r.fiveXxFrom === 'didit' ? "Didit's" : '';
  const tag = [from, r.fiveXxFails ? '' : 'expected'].filter(Boolean).join(', ');
  return tag ? `${r.fiveXx} (${tag})` : String(r.fiveXx);
};
const forgedCell = (r: ScenarioResult) =>
  r.forgedAccepted === null
    ? ''
    : r.forgedSent === undefined
      ? String(r.forgedAccepted)
      : `${r.forgedAccepted} of ${r.forgedSent}`;
const rows = results.map((r) =>
  r.skipped
    ? [r.scenario, '', '', '', '', '', '', `skipped: ${r.skipped}`]
    : [
        r.scenario,
        String(r.events),
        String(r.acknowledged),
        counted(r.lost),
        counted(r.doubled),
        fiveXxCell(r),
        forgedCell(r),
        `${(r.ms / 1000).toFixed(1)} s`,
      ],
);
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
console.log(`\n${line(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
for (const r of results) if (r.note) console.log(`  ${r.scenario}: ${r.note}`);

const bad = results.filter(
  (r) =>
    !r.skipped &&
    ((r.lost ?? 0) > 0 ||
      (r.doubled ?? 0) > 0 ||
      (r.forgedAccepted ?? 0) > 0 ||
      (r.fiveXxFails && (r.fiveXx ?? 0) > 0)),
);
if (bad.length > 0) console.error(`\nFAILED invariants: ${bad.map((r) => r.scenario).join(', ')}`);
if (vitest.status !== 0) console.error(`\nFAILED: scenario assertions (vitest exited ${vitest.status})`);
if (results.length === 0) console.error('\nFAILED: no scenario reported a result');

// A server is present: every scenario can run here, so one that did not is a failure, not a pass.
const serverPresent = Boolean(process.env.DATABASE_URL);
const skipped = [
  ...results.filter((r) => r.skipped).map((r) => `${r.scenario} (${r.skipped})`),
  ...(skippedTests() ?? ['(vitest wrote no report: cannot tell what ran)']),
];
if (serverPresent && skipped.length > 0)
  console.error(`\nFAILED: skipped with a server present (DATABASE_URL set): ${skipped.join('; ')}`);
const skipFails = serverPresent && skipped.length > 0;
process.exit(bad.length > 0 || vitest.status !== 0 || results.length === 0 || skipFails ? 1 : 0);
