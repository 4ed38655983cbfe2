import { defineConfig } from 'vitest/config';
import { sourceConditions } from '../vitest.shared.ts';

/** The web's pure logic (evidence extraction, formatting, URL state): no DOM, no server. */
export default defineConfig({
  ...sourceConditions,
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
