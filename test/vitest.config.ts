import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    // The security suite runs on its own (`pnpm test:security`, vitest.security.config.ts).
    exclude: ['node_modules/**', 'bench/**', 'security/**'],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
