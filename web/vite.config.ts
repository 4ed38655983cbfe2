import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { bundleSizeBudget } from './scripts/bundle-size.ts';

export default defineConfig({
  plugins: [react(), bundleSizeBudget()],
  build: { outDir: 'dist', sourcemap: false, reportCompressedSize: true },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/webhooks': 'http://127.0.0.1:3000' } },
});
