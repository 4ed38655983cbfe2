import fs from 'node:fs';
import path from 'node:path';
import { REPO } from '../../support/console.ts';

export const REPLICAS_RESULTS =
  process.env.REPLICAS_RESULTS ?? path.join(REPO, 'test/artifacts/replicas/summary.json');

export interface SummaryRow {
  check: string;
  measured: string;
  expected: string;
  ok: boolean;
}

/** Rows accumulate as the scenario goes, so a failure part-way still leaves what was measured. */
export function addRow(row: SummaryRow): void {
  fs.mkdirSync(path.dirname(REPLICAS_RESULTS), { recursive: true });
  const rows: SummaryRow[] = fs.existsSync(REPLICAS_RESULTS)
    ? JSON.parse(fs.readFileSync(REPLICAS_RESULTS, 'utf8'))
    : [];
  rows.push(row);
  fs.writeFileSync(REPLICAS_RESULTS, `${JSON.stringify(rows, null, 2)}\n`);
}
