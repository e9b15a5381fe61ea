import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
    // Native engines load models of tens of MB; give them room, and never run two heavy files at once
    // on a 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    globalSetup: ['scripts/test-global-setup.ts'],
  },
});
