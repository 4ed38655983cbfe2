import { defineConfig } from 'vitest/config';
import { sourceConditions } from '../../vitest.shared.ts';

// The fault scenarios: real processes and real Postgres, one file at a time (the machine has 2 cores).
export default defineConfig({
  ...sourceConditions,
  test: {
    root: import.meta.dirname,
    include: ['**/*.faults.ts'],
    exclude: ['node_modules/**'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 180_000,
  },
});
