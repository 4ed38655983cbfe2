import type { Plugin, Rollup } from 'vite';

/** The English catalog's chunk: every locale loads it (Kiswahili is laid over it, i18n/messages/sw.ts). */
export function isBaseCatalog(chunk: { facadeModuleId?: string | null }): boolean {
  return chunk.facadeModuleId?.replaceAll('\\', '/').endsWith('/src/i18n/messages/en.ts') ?? false;
}

/**
 * Names the English catalog in index.html as a `modulepreload`, so the browser fetches it beside the entry.
 * Without it the catalog's `import()` goes out only once the entry has been evaluated and the first render
 * has run (a round trip later on a cold first load), and the first render with words waits for it. The
 * catalog stays a chunk of its own (not in the entry); `bundle-size.ts` counts it as initial JavaScript.
 */
export function preloadBaseCatalog(): Plugin {
  return {
    name: 'preload-base-catalog',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunk = Object.values(ctx.bundle ?? {}).find(
          (c): c is Rollup.OutputChunk => c.type === 'chunk' && isBaseCatalog(c),
        );
        if (!chunk) throw new Error('preload-base-catalog: no chunk for src/i18n/messages/en.ts');
        return [
          {
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `/${chunk.fileName}` },
            injectTo: 'head',
          },
        ];
      },
    },
  };
}
