import { ensureFixtures, readFixtureReport } from './fixtures/generate.js';

/**
 * vitest globalSetup: makes sure `.fixtures/models/` (the miniature models and the real small
 * files from ../shared) exists and is current before any test file runs, then tells the tests
 * where it is, both as an environment variable (inherited by the forked test workers) and
 * through vitest's provide/inject as `inject('fixtureModels')`.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    fixtureModels: string;
  }
}

interface SetupContext {
  provide?: (key: 'fixtureModels', value: string) => void;
}

export default async function setup(ctx?: SetupContext): Promise<void> {
  const t0 = performance.now();
  const dir = await ensureFixtures();
  const ms = performance.now() - t0;
  if (ms > 1000) console.log(`[fixtures] ${dir} generated in ${(ms / 1000).toFixed(1)} s`);
  for (const s of readFixtureReport(dir).skipped) console.warn(`[fixtures] not made: ${s.id}: ${s.reason}`);
  process.env.LUMIO_FIXTURE_MODELS = dir;
  ctx?.provide?.('fixtureModels', dir);
}
