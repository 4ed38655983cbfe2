import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Dependencies between folders point one way: the graph of which folder of `src/` (a feature such as
 * `sessions/`, or `platform/`) imports which other folder has no cycle. Files at the root of `src/` are
 * the composition root (`app.ts`, `server.ts`, `main.ts`) and the database's type (`schema.ts`, which names
 * every feature's tables): they sit outside the graph. Tests may reach across (they build apps).
 */
const SRC = import.meta.dirname;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** The top folder of a file under `src/`, or undefined for a root file. */
function folderOf(file: string): string | undefined {
  const parts = path.relative(SRC, file).split(path.sep);
  return parts.length > 1 ? parts[0] : undefined;
}

/** Folder → the other folders its files import (`import … from`, `export … from`, `import(…)`, types too). */
type Graph = Map<string, Map<string, string[]>>;

function importGraph(files: ReadonlyMap<string, string>): Graph {
  const graph: Graph = new Map();
  for (const [file, source] of files) {
    const from = folderOf(file);
    if (!from) continue;
    const edges = graph.get(from) ?? new Map<string, string[]>();
    graph.set(from, edges);
    for (const m of source.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const target = path.resolve(path.dirname(file), m[1]!);
      const to = folderOf(target);
      if (!to || to === from) continue;
      const why = edges.get(to) ?? [];
      why.push(`${path.relative(SRC, file)} -> ${path.relative(SRC, target)}`);
      edges.set(to, why);
    }
  }
  return graph;
}

/** Every strongly connected group of two or more folders (Tarjan), each with the imports that close it. */
function cycles(graph: Graph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      group.push(w);
    } while (w !== v);
    if (group.length < 2) return;
    found.push(
      group
        .sort()
        .flatMap((a) => group.flatMap((b) => graph.get(a)?.get(b) ?? []))
        .sort(),
    );
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('the folders of api/src', () => {
  it('import each other without a cycle', () => {
    const files = new Map(sourceFiles(SRC).map((f) => [f, fs.readFileSync(f, 'utf8')]));
    const graph = importGraph(files);
    expect(graph.size).toBeGreaterThan(5);
    expect(cycles(graph)).toEqual([]);
  });

  const at = (rel: string) => path.join(SRC, rel);
  it.each([
    [
      'two features importing each other',
      {
        'auth/login.ts': "import { findUser } from '../users/users.repository.ts';",
        'users/users.service.ts': "import type { X } from '../auth/login.ts';",
      },
      [['auth/login.ts -> users/users.repository.ts', 'users/users.service.ts -> auth/login.ts']],
    ],
    [
      'a longer loop through a dynamic import and a re-export',
      {
        'sync/a.ts': "const m = await import('../sessions/b.ts');",
        'sessions/b.ts': "export { c } from '../review/c.ts';",
        'review/c.ts': "import { a } from '../sync/a.ts';",
      },
      [['review/c.ts -> sync/a.ts', 'sessions/b.ts -> review/c.ts', 'sync/a.ts -> sessions/b.ts']],
    ],
    [
      'imports pointing one way (root files outside the graph)',
      {
        'review/a.ts': "import { b } from '../sessions/b.ts';\nimport type { DB } from '../schema.ts';",
        'sessions/b.ts': "import { c } from '../platform/c.ts';\nimport { b2 } from './b2.ts';",
        'platform/c.ts': "import type { DB } from '../schema.ts';",
        'app.ts': "import { a } from './review/a.ts';",
      },
      [],
    ],
  ])('finds the cycles of %s', (_name, sources, expected) => {
    const files = new Map(Object.entries(sources).map(([rel, src]) => [at(rel), src]));
    expect(cycles(importGraph(files))).toEqual(expected);
  });
});
