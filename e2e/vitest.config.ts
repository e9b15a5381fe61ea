import { defineConfig } from 'vitest/config';

/**
 * The e2e suite, kept apart from the unit tests' include glob:
 *   npx electron-vite build && npx vitest run --config e2e/vitest.config.ts
 * One file at a time: each spec drives a real Chromium and a real engine worker on a 2-core machine.
 */
export default defineConfig({
  test: {
    root: '.',
    include: ['e2e/**/*.e2e.ts'],
    testTimeout: 180_000,
    hookTimeout: 300_000,
    pool: 'forks',
    poolOptions: { forks: { maxForks: 1, minForks: 1 } },
    fileParallelism: false,
    globalSetup: ['scripts/test-global-setup.ts'],
  },
});
