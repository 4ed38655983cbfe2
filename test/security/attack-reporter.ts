import path from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints, after the security suite, one row per attack test (named `attack: <what> → refused`) with what
 * actually happened: refused (the test passed), NOT REFUSED (it failed) or skipped. The counts are taken
 * from the results, never from the names.
 */
export default class AttackReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const rows: { file: string; attack: string; outcome: 'refused' | 'NOT REFUSED' | 'skipped' }[] = [];
    for (const module of testModules) {
      const file = path.basename(module.moduleId);
      // A file whose setup failed ran none of its attacks: none of them was shown to be refused.
      const setupFailed = module.state() === 'failed' && module.errors().length > 0;
      for (const test of module.children.allTests()) {
        const state = setupFailed ? 'failed' : test.result().state;
        const attack = test.name.replace(/^attack:\s*/, '').replace(/\s*→\s*refused$/, '');
        rows.push({
          file,
          attack,
          outcome: state === 'passed' ? 'refused' : state === 'failed' ? 'NOT REFUSED' : 'skipped',
        });
      }
    }
    const tried = rows.filter((r) => r.outcome !== 'skipped').length;
    const refused = rows.filter((r) => r.outcome === 'refused').length;
    const width = (k: 'file' | 'attack' | 'outcome', title: string) =>
      Math.min(100, Math.max(title.length, ...rows.map((r) => r[k].length)));
    const wf = width('file', 'file');
    const wa = width('attack', 'attack');
    const wo = width('outcome', 'outcome');
    const cut = (s: string, w: number) => (s.length > w ? `${s.slice(0, w - 1)}…` : s.padEnd(w));
    const line = (a: string, b: string, c: string) => `| ${cut(a, wf)} | ${cut(b, wa)} | ${cut(c, wo)} |`;
    const out = [
      '',
      'Security suite: attacks tried and refused',
      line('file', 'attack', 'outcome'),
      `|${'-'.repeat(wf + 2)}|${'-'.repeat(wa + 2)}|${'-'.repeat(wo + 2)}|`,
      ...rows.map((r) => line(r.file, r.attack, r.outcome)),
      '',
      `${tried} attacks tried, ${refused} refused, ${tried - refused} not refused` +
        (rows.length > tried ? `, ${rows.length - tried} skipped` : ''),
      '',
    ];
    process.stdout.write(`${out.join('\n')}\n`);
  }
}
