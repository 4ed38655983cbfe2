import { defineConfig } from 'vitest/config';
import { sourceConditions } from '../../vitest.shared.ts';

// Several console processes on one Postgres: real processes, one file, one at a time (the machine has 2 cores).
export default defineConfig({
  ...sourceConditions,
  test: {
    root: import.meta.dirname,
    include: ['**/*.replicas.ts'],
    exclude: ['node_modules/**'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 180_000,
  },
});
