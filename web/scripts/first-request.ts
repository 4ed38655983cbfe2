import path from 'node:path';
import type { Plugin, Rollup } from 'vite';

const ENTRY = 'src/first-request.ts';

/**
 * Builds `src/first-request.ts` as an entry of its own and names it in index.html before the app's entry
 * (with its few imports as `modulepreload`s): a module script runs once it and its imports have loaded, in
 * document order, so this small one sends the first rows' GET while the app's large entry is still being
 * fetched and evaluated. (Vite would bundle a second `<script>` of index.html into the app's entry.)
 */
export function firstRequestEntry(): Plugin {
  return {
    name: 'first-request-entry',
    apply: 'build',
    config(config) {
      const root = config.root ?? process.cwd();
      return {
        build: {
          rolldownOptions: {
            input: { index: path.resolve(root, 'index.html'), 'first-request': path.resolve(root, ENTRY) },
          },
        },
      };
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunk = Object.values(ctx.bundle ?? {}).find(
          (c): c is Rollup.OutputChunk =>
            c.type === 'chunk' &&
            c.isEntry &&
            (c.facadeModuleId?.replaceAll('\\', '/').endsWith(ENTRY) ?? false),
        );
        if (!chunk) throw new Error(`first-request-entry: no chunk for ${ENTRY}`);
        return [
          {
            tag: 'script',
            attrs: { type: 'module', crossorigin: true, src: `/${chunk.fileName}` },
            injectTo: 'head-prepend',
          },
          ...chunk.imports.map((file) => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` },
            injectTo: 'head-prepend' as const,
          })),
        ];
      },
    },
  };
}
