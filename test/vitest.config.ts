import { defineConfig } from 'vitest/config';
import { sourceConditions } from '../vitest.shared.ts';

export default defineConfig({
  ...sourceConditions,
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
