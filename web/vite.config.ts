import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { bundleSizeBudget } from './scripts/bundle-size.ts';
import { precompress } from './scripts/precompress.ts';
import { preloadBaseCatalog } from './scripts/preload-catalog.ts';

// `pnpm dev` proxies the API to a running console (CONSOLE_URL, default the server's own default port).
const api = process.env.CONSOLE_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react(), bundleSizeBudget(), preloadBaseCatalog(), precompress()],
  // Workspace packages (@console/didit) are bundled from their TypeScript sources (docs/architecture.md).
  resolve: { conditions: ['source', 'module', 'browser', 'development|production'] },
  build: { outDir: 'dist', sourcemap: false, reportCompressedSize: true },
  // The console refuses cross-origin state changes; the dev proxy presents itself as the console's origin.
  server: { proxy: { '/api': { target: api, changeOrigin: true, headers: { origin: api } } } },
});
