import os from 'node:os';
import path from 'node:path';

/**
 * All of Lumio's data (database, settings, downloaded models) lives in one folder:
 * Electron's userData in the app (passed in by main), $LUMIO_HOME for the CLI, tests and
 * benchmarks, and a per-user default otherwise. Model lookup also honours $LUMIO_MODELS_DIR.
 */
export interface LumioPaths {
  home: string;
  database: string;
  models: string;
  /** Temporary files of downloads and exports; on the same volume as their targets so rename is atomic. */
  tmp: string;
}

export function defaultHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LUMIO_HOME) return path.resolve(env.LUMIO_HOME);
  const home = os.homedir();
  switch (process.platform) {
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Lumio');
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'Lumio');
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Lumio');
  }
}

/** Where the models folder came from; an explicit choice of the host or the environment beats the setting. */
export type ModelsDirSource = 'option' | 'environment' | 'setting' | 'default';

/**
 * Models folder precedence: the host's explicit option (tests, the e2e host), then
 * $LUMIO_MODELS_DIR (as the README says), then the person's setting, then `<home>/models`.
 */
export function resolvePaths(
  options: { home?: string; modelsDir?: string | null; settingModelsDir?: string | null; env?: NodeJS.ProcessEnv } = {},
): LumioPaths & { modelsSource: ModelsDirSource } {
  const env = options.env ?? process.env;
  const home = path.resolve(options.home ?? defaultHome(env));
  const [models, modelsSource]: [string, ModelsDirSource] = options.modelsDir
    ? [path.resolve(options.modelsDir), 'option']
    : env.LUMIO_MODELS_DIR
      ? [path.resolve(env.LUMIO_MODELS_DIR), 'environment']
      : options.settingModelsDir
        ? [path.resolve(options.settingModelsDir), 'setting']
        : [path.join(home, 'models'), 'default'];
  return { home, database: path.join(home, 'lumio.db'), models, tmp: path.join(home, 'tmp'), modelsSource };
}
