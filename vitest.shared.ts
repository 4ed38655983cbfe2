/**
 * Workspace packages export `./src/*.ts` under the `source` condition and compiled `./dist/*.js` otherwise
 * (plain node in production). Tests and `tsx` resolve the sources; see docs/architecture.md.
 */
export const sourceConditions = {
  resolve: { conditions: ['source', 'module', 'node', 'development|production'] },
  ssr: { resolve: { conditions: ['source', 'module', 'node', 'development|production'] } },
};
