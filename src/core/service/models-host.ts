import type { LumioErrorPayload } from '../../shared/errors.js';
import { LumioError } from '../../shared/errors.js';
import type { DownloadProgressEvent, EngineStatus, ModelsOverview } from '../../shared/ipc.js';
import type { Catalog } from '../../shared/models.js';
import type { EngineSupervisor } from '../engine/supervisor.js';
import { resolveEngineModels, type ResolvedModels } from '../host/engine-models.js';
import { damagedModelError } from '../models/health.js';
import { DownloadManager } from '../models/download-manager.js';
import type { FetchLike } from '../models/download.js';
import { checkModelsDir } from '../models/models-dir.js';
import { type LumioPaths, type ModelsDirSource, resolvePaths } from '../paths.js';
import { makeDirs } from '../private-files.js';
import type { Settings, SettingsPatch } from '../../shared/domain.js';
import { engineStatus } from './engine-status.js';
import { modelsOverview } from './models-overview.js';

export interface ModelsHostOptions {
  home: string;
  modelsDir?: string | null | undefined;
  env?: NodeJS.ProcessEnv | undefined;
  catalog: Catalog;
  fetchImpl?: FetchLike | undefined;
  samplingSeed?: number | undefined;
  supervisor: EngineSupervisor;
  settings: () => Settings;
  emit: (event: DownloadProgressEvent | { type: 'engine.status'; status: EngineStatus }) => void;
  /** Said once, for the person to read: a stored models folder that cannot be used. */
  notice: (payload: LumioErrorPayload) => void;
}

type Paths = LumioPaths & { modelsSource: ModelsDirSource };

/**
 * The models side of the service: which folder, what is installed there, the downloads into it,
 * and what the engine is handed to load. Every change of folder or choice goes through here.
 */
export class ModelsHost {
  readonly downloads: DownloadManager;
  private pathsNow: Paths;
  private resolved: ResolvedModels | null = null;

  constructor(private readonly o: ModelsHostOptions) {
    this.pathsNow = this.choosePaths(o.settings().modelsDir, true);
    this.downloads = new DownloadManager(o.catalog, this.pathsNow.models, o.fetchImpl);
    this.downloads.on('progress', (event: DownloadProgressEvent) => o.emit(event));
    // Why a source was skipped belongs in the log, where a support question can find it.
    this.downloads.on('log', (line: string) => console.warn(`[models] ${line}`));
    this.downloads.on('installed', () => {
      void this.refresh().catch(() => undefined);
    });
  }

  get paths(): LumioPaths {
    return this.pathsNow;
  }

  /**
   * The models folder to use: the host's option, then $LUMIO_MODELS_DIR, then the setting, then
   * `<home>/models`. A stored setting that cannot be used (it points into /proc, at a file, at a
   * place that cannot be created) is reported and the default used, with bounded checks only.
   */
  private choosePaths(settingModelsDir: string | null, atOpen: boolean): Paths {
    const env = this.o.env ?? process.env;
    let chosen = resolvePaths({ home: this.o.home, modelsDir: this.o.modelsDir ?? null, settingModelsDir, env });
    if (chosen.modelsSource === 'setting') {
      const check = checkModelsDir(chosen.models);
      if (!check.ok) {
        const fallback = resolvePaths({ home: this.o.home, modelsDir: null, settingModelsDir: null, env: {} });
        if (atOpen) {
          this.o.notice({
            ...check.error.toPayload(),
            message: `${check.error.message} Lumio uses its own models folder instead.`,
            params: { reason: 'models-dir-fallback', path: fallback.models },
          });
        }
        chosen = fallback;
      }
    }
    if (chosen.modelsSource === 'default') {
      try {
        makeDirs(chosen.models);
      } catch {
        // A read-only data folder: no models folder, so no models; the engine status says so.
      }
    }
    return chosen;
  }

  /** Re-reads the models folder and hands the engine what to load. */
  async refresh(): Promise<ResolvedModels> {
    const settings = this.o.settings();
    this.resolved = await resolveEngineModels(this.pathsNow.models, settings, { catalogIds: new Set(this.o.catalog.models.map((m) => m.id)) });
    this.o.supervisor.configure({ models: this.resolved.models, ...(this.o.samplingSeed === undefined ? {} : { seed: this.o.samplingSeed }) });
    this.o.emit({ type: 'engine.status', status: this.engineStatus() });
    return this.resolved;
  }

  engineStatus(): EngineStatus {
    return engineStatus(this.o.supervisor.status, this.resolved);
  }

  async overview(): Promise<ModelsOverview> {
    return modelsOverview(this.o.catalog, await this.refresh(), this.downloads, this.pathsNow.models);
  }

  /** Refuses a settings change the models cannot follow, before anything is stored. */
  checkPatch(patch: SettingsPatch): void {
    if (patch.modelsDir) {
      const check = checkModelsDir(patch.modelsDir);
      if (!check.ok) throw check.error;
    }
    const nextModels = resolvePaths({
      home: this.o.home,
      modelsDir: this.o.modelsDir ?? null,
      settingModelsDir: patch.modelsDir ?? null,
      env: this.o.env ?? process.env,
    }).models;
    if (patch.modelsDir !== undefined && nextModels !== this.pathsNow.models && this.downloads.busy) {
      throw new LumioError('INVALID_ARGUMENT', 'A model is still downloading into the current models folder.', {
        hint: 'Pause or cancel the download, then change the folder.',
        params: { reason: 'models-dir-busy' },
      });
    }
    for (const [key, role] of [
      ['sttModel', 'stt'],
      ['llmModel', 'llm'],
    ] as const) {
      const id = patch[key];
      if (id && !this.resolved?.installed.some((m) => m.manifest.id === id && m.manifest.role === role)) {
        throw new LumioError('INVALID_ARGUMENT', `There is no installed ${role === 'stt' ? 'speech recognition' : 'conversation'} model "${id}".`, {
          hint: 'Choose one of the models listed under Models.',
          params: { reason: 'model-not-installed', role, model: id },
        });
      }
    }
  }

  /** Follows stored settings: a new folder at once (downloads go there), and the engine gets its models. */
  async applySettings(before: Settings, after: Settings): Promise<void> {
    if (before.modelsDir !== after.modelsDir) {
      const next = this.choosePaths(after.modelsDir, false);
      if (next.models !== this.pathsNow.models) {
        this.downloads.setModelsDir(next.models);
        this.pathsNow = next;
      }
    }
    if (before.modelsDir !== after.modelsDir || before.sttModel !== after.sttModel || before.llmModel !== after.llmModel) await this.refresh();
  }

  /** A turn needs every model role installed and none damaged. */
  async assertReady(): Promise<void> {
    const resolved = this.resolved ?? (await this.refresh());
    // Damaged is not missing: name the model that needs repair, not "download the default set".
    const damaged = resolved.blocking[0];
    if (damaged) throw damagedModelError(damaged);
    if (resolved.missingRoles.length > 0) {
      throw new LumioError('MODEL_MISSING', `Models are missing: ${resolved.missingRoles.join(', ')}.`, {
        hint: 'Open Models and download the default set.',
        params: { roles: resolved.missingRoles },
      });
    }
  }

  async close(): Promise<void> {
    for (const id of this.o.catalog.models.map((m) => m.id)) this.downloads.pause(id);
    await this.downloads.idle();
  }
}
