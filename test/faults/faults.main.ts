import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ScenarioResult } from './support/harness.ts';
import { RESULTS_DIR } from './support/harness.ts';

/**
 * `pnpm test:faults`: runs every fault scenario (vitest, one file at a time), then prints the summary table
 * and fails when anything acknowledged was lost, anything applied twice, anything forged accepted, or bad
 * input caused a 5xx — or when a scenario's own assertions failed.
 */
fs.rmSync(RESULTS_DIR, { recursive: true, force: true });
fs.mkdirSync(RESULTS_DIR, { recursive: true });

const vitest = spawnSync(
  'npx',
  ['vitest', 'run', '--config', path.join(import.meta.dirname, 'vitest.config.ts'), ...process.argv.slice(2)],
  { stdio: 'inherit', cwd: path.join(import.meta.dirname, '..') },
);

const results: ScenarioResult[] = fs
  .readdirSync(RESULTS_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(fs.readFileSync(path.join(RESULTS_DIR, f), 'utf8')) as ScenarioResult)
  .sort((a, b) => a.scenario.localeCompare(b.scenario));

const header = ['scenario', 'events', 'acknowledged', 'lost', 'doubled', '5xx', 'forged accepted', 'time'];
const rows = results.map((r) =>
  r.skipped
    ? [r.scenario, '-', '-', '-', '-', '-', '-', `skipped: ${r.skipped}`]
    : [
        r.scenario,
        String(r.events),
        String(r.acknowledged),
        String(r.lost),
        String(r.doubled),
        r.fiveXxFails ? String(r.fiveXx) : `${r.fiveXx} (expected)`,
        String(r.forgedAccepted),
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
    !r.skipped && (r.lost > 0 || r.doubled > 0 || r.forgedAccepted > 0 || (r.fiveXxFails && r.fiveXx > 0)),
);
if (bad.length > 0) console.error(`\nFAILED invariants: ${bad.map((r) => r.scenario).join(', ')}`);
if (vitest.status !== 0) console.error(`\nFAILED: scenario assertions (vitest exited ${vitest.status})`);
if (results.length === 0) console.error('\nFAILED: no scenario reported a result');
process.exit(bad.length > 0 || vitest.status !== 0 || results.length === 0 ? 1 : 0);
