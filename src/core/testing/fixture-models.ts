import fs from 'node:fs';
import path from 'node:path';
import { MODEL_MANIFEST_FILE } from '../../shared/models.js';

/** Where the project's miniature test models live (`npm run fixtures`). */
export const FIXTURE_MODELS = process.env.LUMIO_FIXTURE_MODELS ?? path.resolve('.fixtures/models');

/**
 * A copy of one of the fixture models under another id, in another models folder: a real model in
 * the real format, so the models scan finds it whole (its files, sizes and hashes check out), for
 * tests that need an installed model by a name of their own.
 */
export function copyFixtureModel(fixtureId: string, modelsDir: string, id: string): string {
  const from = path.join(FIXTURE_MODELS, fixtureId);
  const to = path.join(modelsDir, id);
  fs.cpSync(from, to, { recursive: true, dereference: true });
  const file = path.join(to, MODEL_MANIFEST_FILE);
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as { id: string };
  fs.writeFileSync(file, JSON.stringify({ ...manifest, id }, null, 2));
  return to;
}
