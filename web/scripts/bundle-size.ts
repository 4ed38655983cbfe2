import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';
import { isBaseCatalog } from './preload-catalog.ts';

/** Issue 5's budget: the JavaScript a browser must load before the first page renders. */
export const INITIAL_JS_BUDGET_BYTES = 250 * 1024;

interface ChunkLike {
  type: 'chunk';
  fileName: string;
  code: string;
  isEntry: boolean;
  imports: string[];
  facadeModuleId: string | null;
}

/**
 * After `vite build`, prints the gzip size of the initial JavaScript (entry chunks and everything they
 * import statically, and the English catalog index.html preloads (`preload-catalog.ts`); lazy pages are
 * excluded) and fails the build above the budget.
 */
export function bundleSizeBudget(budget = INITIAL_JS_BUDGET_BYTES): Plugin {
  return {
    name: 'initial-js-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = new Map<string, ChunkLike>();
      for (const item of Object.values(bundle))
        if (item.type === 'chunk') chunks.set(item.fileName, item as ChunkLike);
      const initial = new Set<string>();
      const visit = (name: string) => {
        if (initial.has(name)) return;
        const c = chunks.get(name);
        if (!c) return;
        initial.add(name);
        for (const dep of c.imports) visit(dep);
      };
      for (const c of chunks.values()) if (c.isEntry || isBaseCatalog(c)) visit(c.fileName);

      let raw = 0;
      let gz = 0;
      const lines: string[] = [];
      for (const name of initial) {
        const code = chunks.get(name)!.code;
        const g = gzipSync(code, { level: 9 }).length;
        raw += Buffer.byteLength(code);
        gz += g;
        lines.push(`  ${name}  ${(g / 1024).toFixed(1)} KB gzip`);
      }
      let lazy = 0;
      for (const [name, c] of chunks) if (!initial.has(name)) lazy += gzipSync(c.code, { level: 9 }).length;
      const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
      this.info(
        `\nInitial JavaScript: ${kb(gz)} gzip (${kb(raw)} raw) in ${initial.size} file(s); budget ${kb(budget)}.\n` +
          `${lines.join('\n')}\nLazy page chunks: ${kb(lazy)} gzip in ${chunks.size - initial.size} file(s).`,
      );
      if (gz > budget) this.error(`Initial JavaScript ${kb(gz)} gzip exceeds the ${kb(budget)} budget`);
    },
  };
}
