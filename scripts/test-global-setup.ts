import { ensureFixtures } from './fixtures/generate.js';

/**
 * vitest globalSetup: makes sure `.fixtures/models/` (the miniature models and the real small
 * files from ../shared) exists and is current before any test file runs, then tells the tests
 * where it is, both as an environment variable (inherited by the forked test workers) and
 * through vitest's provide/inject as `fixtureModels`.
 */
interface SetupContext {
  provide?: (key: string, value: unknown) => void;
}

export default async function setup(ctx?: SetupContext): Promise<void> {
  const dir = await ensureFixtures();
  process.env.LUMIO_FIXTURE_MODELS = dir;
  ctx?.provide?.('fixtureModels', dir);
}
