import { defineConfig } from 'vitest/config';
import { sourceConditions } from '../vitest.shared.ts';

/** `pnpm test:security`: every attack replayed from outside against a real server, then the summary table. */
export default defineConfig({
  ...sourceConditions,
  test: {
    include: ['security/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    reporters: ['default', './security/attack-reporter.ts'],
  },
});
