import { defineConfig } from 'vitest/config';

/** The web's pure logic (evidence extraction, formatting, URL state): no DOM, no server. */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
