import { defineConfig } from 'vitest/config';

/**
 * Workspace packages export `./src/*.ts` under the `source` condition and compiled `./dist/*.js` otherwise
 * (plain node in production). Tests and `tsx` resolve the sources; see docs/architecture.md.
 */
export const sourceConditions = {
  resolve: { conditions: ['source', 'module', 'node', 'development|production'] },
  ssr: { resolve: { conditions: ['source', 'module', 'node', 'development|production'] } },
};

/**
 * The API's and the packages' test settings: each test file builds its own database or server, so files run
 * in parallel on separate forks, two at a time, with timeouts that hold on a loaded machine.
 */
export const workspaceTests = (include: string[]) =>
  defineConfig({
    ...sourceConditions,
    test: { include, pool: 'forks', testTimeout: 30_000, hookTimeout: 60_000, maxWorkers: 2 },
  });
