import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

/** One line of the table: a figure next to its target. `pass` is null for figures without a target. */
export interface Row {
  part: string;
  metric: string;
  value: string;
  target: string;
  pass: boolean | null;
}

export const row = (
  part: string,
  metric: string,
  value: string,
  target = '',
  pass: boolean | null = null,
): Row => ({
  part,
  metric,
  value,
  target,
  pass,
});

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export const ms = (v: number) => (Number.isFinite(v) ? `${v < 10 ? v.toFixed(2) : v.toFixed(1)} ms` : 'n/a');
export const int = (v: number) => Math.round(v).toLocaleString('en-US');

export interface Machine {
  date: string;
  cores: number;
  memoryGiB: number;
  cpu: string;
  load: string;
  node: string;
  postgres: string;
}

export function machine(postgres: string): Machine {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    const line = fs
      .readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) cpu = line.split(':')[1]!.trim();
  } catch {}
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cores: os.availableParallelism(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    cpu,
    load: os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' '),
    node: process.version,
    postgres,
  };
}

function gitRevision(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

export function formatMachine(m: Machine, loadAtEnd: string): string {
  return [
    `Date: ${m.date} · commit ${gitRevision()}`,
    `Machine: ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB RAM, ${m.node}, ${m.postgres}`,
    `Load average (1/5/15 min) at start: ${m.load}; at end: ${loadAtEnd} (the cores are shared with other work)`,
  ].join('\n');
}

/** A Markdown table, readable as plain text too (columns padded). */
export function formatTable(rows: Row[]): string {
  const head = ['Part', 'Metric', 'Value', 'Target', 'Result'];
  const cells = rows.map((r) => [
    r.part,
    r.metric,
    r.value,
    r.target,
    r.pass === null ? '' : r.pass ? 'pass' : '**miss**',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => [...c[i]!].length)));
  const line = (c: string[]) =>
    `| ${c.map((v, i) => v + ' '.repeat(widths[i]! - [...v].length)).join(' | ')} |`;
  return [line(head), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...cells.map(line)].join('\n');
}
