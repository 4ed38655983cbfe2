import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPLICAS_RESULTS, type SummaryRow } from './support/summary.ts';

/**
 * `pnpm test:replicas`: the replicas scenario (vitest), then its summary table, counted from what happened.
 * Fails when the scenario's assertions failed or it reported nothing.
 */
fs.rmSync(REPLICAS_RESULTS, { force: true });
const vitest = spawnSync(
  'npx',
  ['vitest', 'run', '--config', path.join(import.meta.dirname, 'vitest.config.ts'), ...process.argv.slice(2)],
  { stdio: 'inherit', cwd: path.join(import.meta.dirname, '..') },
);
const rows: SummaryRow[] = fs.existsSync(REPLICAS_RESULTS)
  ? (JSON.parse(fs.readFileSync(REPLICAS_RESULTS, 'utf8')) as SummaryRow[])
  : [];
const header = ['check', 'measured', 'expected', 'ok'];
const cells = rows.map((r) => [r.check, r.measured, r.expected, r.ok ? 'yes' : 'NO']);
const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i]!)).join(' | ')} |`;
console.log(`\n${line(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const c of cells) console.log(line(c));
const bad = rows.filter((r) => !r.ok);
if (bad.length > 0) console.error(`\nFAILED: ${bad.map((r) => r.check).join(', ')}`);
if (vitest.status !== 0) console.error(`\nFAILED: scenario assertions (vitest exited ${vitest.status})`);
if (rows.length === 0) console.error('\nFAILED: the scenario reported nothing');
process.exit(bad.length > 0 || vitest.status !== 0 || rows.length === 0 ? 1 : 0);
