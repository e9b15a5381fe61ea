import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TurnEvent } from '../shared/domain.js';
import { ERROR_CODES, LumioError, type LumioErrorPayload, toLumioError } from '../shared/errors.js';
import {
  COMMANDS,
  type CommandName,
  type CommandResponse,
  type CommandResult,
  type DownloadProgressEvent,
  type EngineStatus,
  isCommandName,
  type ModelsOverview,
  type StorageStatus,
} from '../shared/ipc.js';
import type { Catalog } from '../shared/models.js';
import type { LatencyTechniques, WorkerChannel } from './engine/protocol.js';
import { EngineSupervisor } from './engine/supervisor.js';
import { resolveEngineModels, type ResolvedModels } from './host/engine-models.js';
import { TurnCoordinator } from './host/turn-coordinator.js';
import { loadCatalog } from './models/catalog.js';
import { damagedModelError } from './models/health.js';
import { DownloadManager } from './models/download-manager.js';
import type { FetchLike } from './models/download.js';
import { checkModelsDir } from './models/models-dir.js';
import { type ModelsDirSource, resolvePaths, type LumioPaths } from './paths.js';
import { ensurePrivateDir, makeDirs } from './private-files.js';
import { exportHistory, type ExportResult } from './store/export.js';
import type { LumioStore } from './store/history.js';
import { openLumioStore } from './store/open-store.js';
import { startFreshHistory } from './store/recover.js';

export type ServiceEvent =
  | TurnEvent
  | DownloadProgressEvent
  | { type: 'engine.status'; status: EngineStatus }
  | { type: 'storage.status'; status: StorageStatus };

export interface ServiceOptions {
  home: string;
  /** Overrides $LUMIO_MODELS_DIR and settings.modelsDir (tests, the e2e host). */
  modelsDir?: string | null;
  /** For tests: the environment to read LUMIO_MODELS_DIR from. */
  env?: NodeJS.ProcessEnv;
  /** Starts an engine worker process: child_process in Node, utilityProcess in Electron. */
  spawnWorker: () => WorkerChannel;
  catalog?: Catalog;
  fetchImpl?: FetchLike;
  /** Where `history.export` writes (the app's main process asks the save dialog and calls exportTo instead). */
  exportDir?: string;
}

type Handler<C extends CommandName> = (request: CommandResponse<C> extends never ? never : ParsedRequest<C>) => Promise<CommandResponse<C>>;
type ParsedRequest<C extends CommandName> = ReturnType<(typeof COMMANDS)[C]['request']['parse']>;

/**
 * Lumio's core behind every host: Electron main, the e2e WebSocket host and the CLI call
 * `handle(command, request)` with untrusted input and get a typed result, never an exception.
 * It owns the store and the engine supervisor; turn, download and engine events go to
 * `onEvent` listeners.
 */
export class LumioService {
  readonly store: LumioStore;
  readonly supervisor: EngineSupervisor;
  readonly catalog: Catalog;
  readonly downloads: DownloadManager;
  private pathsNow: LumioPaths & { modelsSource: ModelsDirSource };
  private readonly listeners = new Set<(event: ServiceEvent) => void>();
  private resolved: ResolvedModels | null = null;
  private readonly turns: TurnCoordinator;
  private readonly exportDir: string;
  /** What was set right at open (a stored models folder that cannot be used, …), for the person to read. */
  private readonly notices: LumioErrorPayload[] = [];

  /**
   * Never hangs and never throws for what is on disk: a damaged, read-only or locked history and
   * unusable stored settings are reported (storage.status) and worked around.
   */
  static async open(options: ServiceOptions): Promise<LumioService> {
    const home = resolvePaths({ home: options.home }).home;
    try {
      ensurePrivateDir(home, 'lumio.db');
    } catch {
      // A read-only or full disk: the store below says so, and opens what it can.
    }
    const store = openLumioStore(resolvePaths({ home }).database);
    const service = new LumioService(options, store);
    await service.refreshModels();
    return service;
  }

  private constructor(
    private readonly options: ServiceOptions,
    store: LumioStore,
  ) {
    this.store = store;
    this.catalog = options.catalog ?? loadCatalog();
    for (const r of storedSettingsProblems(store)) {
      this.notices.push({ code: 'INVALID_ARGUMENT', message: `The stored setting "${r.key}" could not be used (${r.reason}); the default is used instead.` });
    }
    this.pathsNow = this.choosePaths(store.getSettings().modelsDir, true);
    this.exportDir = options.exportDir ?? path.join(this.pathsNow.home, 'exports');
    this.supervisor = new EngineSupervisor({ spawn: options.spawnWorker });
    this.supervisor.on('status', () => this.emit({ type: 'engine.status', status: this.engineStatus() }));
    this.downloads = new DownloadManager(this.catalog, this.pathsNow.models, options.fetchImpl);
    this.downloads.on('progress', (event: DownloadProgressEvent) => this.emit(event));
    // Why a source was skipped belongs in the log, where a support question can find it.
    this.downloads.on('log', (line: string) => console.warn(`[models] ${line}`));
    this.downloads.on('installed', () => {
      void this.refreshModels().catch(() => undefined);
    });
    store.onChange(() => this.emit({ type: 'storage.status', status: this.storageStatus() }));
    this.turns = new TurnCoordinator({
      store: this.store,
      supervisor: this.supervisor,
      emit: (event) => this.emit(event),
      settings: () => this.store.getSettings(),
    });
  }

  /** The benchmark's baseline: the latency techniques off, in the same process and run. */
  setLatencyTechniques(techniques: LatencyTechniques): void {
    this.turns.setTechniques(techniques);
  }

  get paths(): LumioPaths {
    return this.pathsNow;
  }

  /**
   * The models folder to use: the host's option, then $LUMIO_MODELS_DIR, then the setting, then
   * `<home>/models`. A stored setting that cannot be used (it points into /proc, at a file, at a
   * place that cannot be created) is reported and the default used, with bounded checks only.
   */
  private choosePaths(settingModelsDir: string | null, atOpen: boolean): LumioPaths & { modelsSource: ModelsDirSource } {
    const env = this.options.env ?? process.env;
    let chosen = resolvePaths({ home: this.options.home, modelsDir: this.options.modelsDir ?? null, settingModelsDir, env });
    if (chosen.modelsSource === 'setting') {
      const check = checkModelsDir(chosen.models);
      if (!check.ok) {
        if (atOpen) this.notices.push({ ...check.error.toPayload(), message: `${check.error.message} Lumio uses its own models folder instead.` });
        chosen = resolvePaths({ home: this.options.home, modelsDir: null, settingModelsDir: null, env: {} });
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

  /** Applies a new models folder at once: downloads go there and the engine is given its models. */
  private async applyModelsDir(settingModelsDir: string | null): Promise<void> {
    const next = this.choosePaths(settingModelsDir, false);
    if (next.models === this.pathsNow.models) return;
    this.downloads.setModelsDir(next.models);
    this.pathsNow = next;
  }

  onEvent(listener: (event: ServiceEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: ServiceEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A broken listener must not stop the others or the turn.
      }
    }
  }

  /** Re-reads the models folder and hands the engine what to load. */
  async refreshModels(): Promise<ResolvedModels> {
    const settings = this.store.getSettings();
    this.resolved = await resolveEngineModels(this.paths.models, settings, { catalogIds: new Set(this.catalog.models.map((m) => m.id)) });
    this.supervisor.configure({ models: this.resolved.models });
    this.emit({ type: 'engine.status', status: this.engineStatus() });
    return this.resolved;
  }

  /**
   * The one door for every host. Whatever it is given (any name, any value, a hostile getter),
   * it answers with a typed result and never throws: commands are looked up as own properties of
   * the contract only, and every request is parsed with its schema first.
   */
  async handle<C extends CommandName>(command: C, request: unknown): Promise<CommandResult<C>> {
    try {
      if (!isCommandName(command)) return { ok: false, error: { code: 'IPC_INVALID', message: `Unknown command "${describeName(command)}".` } };
      const parsed = parseRequest(command, request);
      if (!parsed.ok) return parsed;
      const handler = this.handlers[command] as unknown as (r: unknown) => Promise<CommandResponse<C>>;
      const value = await handler(parsed.data);
      return { ok: true, value };
    } catch (e) {
      return { ok: false, error: safePayload(e) };
    }
  }

  /**
   * history.export to a file the host chose itself: main's save dialog, the CLI's --out. Not part
   * of the renderer-facing contract, so a page can never name the path. Never throws.
   */
  async exportTo(file: string, request: unknown): Promise<CommandResult<'history.export'>> {
    try {
      if (typeof file !== 'string' || file.length === 0 || file.includes('\0')) {
        return { ok: false, error: { code: 'INVALID_ARGUMENT', message: 'Name the file to export to.' } };
      }
      const parsed = parseRequest('history.export', request);
      if (!parsed.ok) return parsed;
      return { ok: true, value: this.exportFile(path.resolve(file), parsed.data) };
    } catch (e) {
      return { ok: false, error: safePayload(e) };
    }
  }

  private exportFile(file: string, r: { format: 'json' | 'md'; conversationId?: string | undefined }): ExportResult {
    if (r.conversationId && !this.store.getConversation(r.conversationId)) {
      throw new LumioError('NOT_FOUND', 'That conversation no longer exists.');
    }
    return exportHistory(this.store, { format: r.format, file, ...(r.conversationId ? { conversationId: r.conversationId } : {}) });
  }

  storageStatus(): StorageStatus {
    const h = this.store.health;
    return {
      state: h.state,
      ...(h.problem ? { problem: h.problem.toPayload() } : {}),
      checking: this.store.checking,
      unsavedTurns: this.store.unsavedTurns,
      notices: [...this.notices],
    };
  }

  private readonly handlers: { [C in CommandName]: Handler<C> } = {
    'settings.get': async () => this.store.getSettings(),
    'settings.set': async (patch) => {
      // Checked for what each value is before anything is stored: a folder that can be used, models that are installed.
      if (patch.modelsDir) {
        const check = checkModelsDir(patch.modelsDir);
        if (!check.ok) throw check.error;
      }
      const nextModels = resolvePaths({ home: this.options.home, modelsDir: this.options.modelsDir ?? null, settingModelsDir: patch.modelsDir ?? null, env: this.options.env ?? process.env }).models;
      if (patch.modelsDir !== undefined && nextModels !== this.pathsNow.models && this.downloads.busy) {
        throw new LumioError('INVALID_ARGUMENT', 'A model is still downloading into the current models folder.', {
          hint: 'Pause or cancel the download, then change the folder.',
        });
      }
      for (const [key, role] of [['sttModel', 'stt'], ['llmModel', 'llm']] as const) {
        const id = patch[key];
        if (id && !this.resolved?.installed.some((m) => m.manifest.id === id && m.manifest.role === role)) {
          throw new LumioError('INVALID_ARGUMENT', `There is no installed ${role === 'stt' ? 'speech recognition' : 'conversation'} model "${id}".`, {
            hint: 'Choose one of the models listed under Models.',
          });
        }
      }
      const before = this.store.getSettings();
      const after = this.store.patchSettings(patch);
      if (before.modelsDir !== after.modelsDir) await this.applyModelsDir(after.modelsDir);
      if (before.modelsDir !== after.modelsDir || before.sttModel !== after.sttModel || before.llmModel !== after.llmModel) {
        await this.refreshModels();
      }
      return after;
    },
    'history.list': async (r) => this.store.listConversations(r.before === undefined ? { limit: r.limit } : { limit: r.limit, before: r.before }),
    'history.get': async (r) => {
      if (!this.store.getConversation(r.conversationId)) throw new LumioError('NOT_FOUND', 'That conversation no longer exists.');
      return this.store.getTurns(r.conversationId);
    },
    'history.search': async (r) => this.store.searchTurns(r.query, r.limit),
    'history.export': async (r) => {
      const file = path.join(this.exportDir, `lumio-${r.conversationId ? 'conversation' : 'history'}-${new Date().toISOString().slice(0, 10)}.${r.format}`);
      return this.exportFile(file, r);
    },
    'history.delete': async (r) => {
      this.store.deleteConversation(r.conversationId);
      return { ok: true as const };
    },
    'history.wipe': async () => {
      this.store.wipeAll();
      return { ok: true as const };
    },
    'memory.list': async () => ({
      enabled: this.store.getSettings().memoryEnabled,
      facts: this.store.listFacts(),
      summaries: this.store.listSummaries(),
    }),
    'memory.delete': async (r) => {
      if (r.kind === 'fact') this.store.deleteFact(r.id);
      else this.store.deleteSummary(r.id);
      return { ok: true as const };
    },
    'models.list': async () => this.modelsOverview(),
    'models.download': async (r) => {
      this.downloads.start(r.ids);
      return { ok: true as const };
    },
    'models.pause': async (r) => {
      this.downloads.pause(r.id);
      return { ok: true as const };
    },
    'models.cancel': async (r) => {
      await this.downloads.cancel(r.id);
      return { ok: true as const };
    },
    'engine.status': async () => this.engineStatus(),
    'turn.begin': async (r) => {
      await this.assertReadyForTurn();
      return this.turns.begin(r.turnId, r.sampleRate, r.options);
    },
    'turn.audio': async (r) => {
      this.turns.audio(r.turnId, r.seq, r.pcm);
      return { ok: true as const };
    },
    'turn.end': async (r) => {
      this.turns.end(r.turnId);
      return { ok: true as const };
    },
    'turn.cancel': async (r) => {
      this.turns.cancel(r.turnId);
      return { ok: true as const };
    },
    'turn.text': async (r) => {
      await this.assertReadyForTurn();
      return this.turns.text(r.turnId, r.text, r.options);
    },
    'storage.status': async () => this.storageStatus(),
    'storage.recover': async () => {
      // A turn being saved finishes first (none can start while the history is damaged).
      await this.turns.idle();
      return startFreshHistory(this.store);
    },
    'turn.abort': async (r) => {
      this.turns.abort(r.turnId, r.spokenChars);
      return { ok: true as const };
    },
  };

  /** A turn needs every model role installed. (A turn in progress is no obstacle: a new press stops it.) */
  private async assertReadyForTurn(): Promise<void> {
    // A history that cannot be written (damaged, read-only, full disk) is said before anyone speaks.
    this.store.assertWritable();
    const resolved = this.resolved ?? (await this.refreshModels());
    // Damaged is not missing: name the model that needs repair, not "download the default set".
    const damaged = resolved.blocking[0];
    if (damaged) throw damagedModelError(damaged);
    if (resolved.missingRoles.length > 0) {
      throw new LumioError('MODEL_MISSING', `Models are missing: ${resolved.missingRoles.join(', ')}.`, {
        hint: 'Open Models and download the default set.',
      });
    }
  }

  engineStatus(): EngineStatus {
    const s = this.supervisor.status;
    const models = this.resolved?.models;
    const state: EngineStatus['state'] =
      this.resolved && this.resolved.blocking.length > 0
        ? 'damaged-models'
        : this.resolved && this.resolved.missingRoles.length > 0
        ? 'missing-models'
        : s.state === 'stopped'
          ? 'ready'
          : s.state === 'busy' && s.stage.startsWith('loading')
            ? 'loading'
            : s.state;
    const message = s.state === 'crashed' || s.state === 'restarting' ? s.lastCrash : undefined;
    return {
      state,
      ...(s.stage !== 'idle' ? { stage: s.stage } : {}),
      ...(s.detail && s.stage.startsWith('loading') ? { detail: s.detail } : {}),
      ...(message ? { message } : {}),
      models: {
        stt: models?.stt?.manifest.id ?? null,
        llm: models?.llm?.manifest.id ?? null,
        tts: models?.voices.map((v) => v.manifest.id).join(', ') || null,
        vad: models?.vad?.manifest.id ?? null,
      },
      ...(this.resolved?.damaged.length ? { damaged: this.resolved.damaged } : {}),
    };
  }

  async modelsOverview(): Promise<ModelsOverview> {
    const resolved = await this.refreshModels();
    const installedIds = new Set(resolved.installed.map((m) => m.manifest.id));
    let freeDiskBytes: number | null = null;
    try {
      const s = await fs.promises.statfs(this.paths.models);
      freeDiskBytes = s.bavail * s.bsize;
    } catch {
      // Not every file system reports it.
    }
    const damagedById = new Map(resolved.damaged.map((d) => [d.id, d]));
    return {
      modelsDir: this.paths.models,
      catalog: this.catalog.models.map((entry) => {
        const job = this.downloads.status(entry.id);
        const first = entry.sources[0]!;
        const sizes = first.files.map((f) => f.sizeBytes);
        const sizeBytes = sizes.every((b) => b !== null) ? sizes.reduce<number>((a, b) => a + (b ?? 0), 0) : null;
        const damage = damagedById.get(entry.id);
        // A repair in progress shows as a download; until then a damaged model says so.
        const state = job
          ? job.state === 'queued' || job.state === 'verifying'
            ? 'downloading'
            : job.state
          : installedIds.has(entry.id)
            ? 'installed'
            : damage
              ? 'damaged'
              : 'missing';
        const files = first.files;
        return {
          id: entry.id,
          role: entry.role,
          name: entry.name,
          description: entry.description,
          languages: entry.languages,
          ...(entry.gender ? { gender: entry.gender } : {}),
          default: entry.default,
          sizeBytes,
          memoryBytes: entry.memoryBytes ?? null,
          license: entry.license,
          commercialUse: entry.commercialUse,
          ...(entry.licenseNote ? { licenseNote: entry.licenseNote } : {}),
          unverifiedFiles: files.filter((f) => f.sha256 === null).length,
          unpinnedFiles: files.filter((f) => f.revision === null).length,
          sources: entry.sources.length,
          state,
          receivedBytes: job?.receivedBytes ?? 0,
          ...(damage ? { damage } : {}),
          ...(job?.error ? { error: job.error } : {}),
        };
      }),
      installed: resolved.installed.map((m) => ({
        id: m.manifest.id,
        role: m.manifest.role,
        name: m.manifest.name,
        languages: m.manifest.languages,
        ...(m.manifest.gender ? { gender: m.manifest.gender } : {}),
        sizeBytes: m.manifest.sizeBytes,
        synthetic: m.manifest.synthetic,
        catalogId: this.catalog.models.some((c) => c.id === m.manifest.id) ? m.manifest.id : null,
      })),
      missingRoles: resolved.missingRoles,
      damaged: resolved.damaged,
      freeMemoryBytes: os.freemem(),
      freeDiskBytes,
    };
  }

  /** Waits for the turn in progress and its save (tests, shutdown). */
  idle(): Promise<void> {
    return this.turns.idle();
  }

  async close(): Promise<void> {
    this.turns.stopAll();
    for (const id of this.catalog.models.map((m) => m.id)) this.downloads.pause(id);
    await this.downloads.idle();
    await this.supervisor.stop();
    this.store.close();
    this.listeners.clear();
  }
}

/** A command name for a message: short, and safe for any value (a symbol, an object whose toString throws). */
function describeName(name: unknown): string {
  try {
    return (typeof name === 'string' ? name : typeof name).slice(0, 60);
  } catch {
    return '?';
  }
}

/** A thrown value as a payload that always has a known code and a string message. */
function safePayload(e: unknown): LumioErrorPayload {
  try {
    const p = toLumioError(e).toPayload();
    return (ERROR_CODES as readonly string[]).includes(p.code) ? p : { code: 'INTERNAL', message: String(p.message) };
  } catch {
    return { code: 'INTERNAL', message: 'Something went wrong inside Lumio.' };
  }
}

/** Stored settings this version cannot use; none when the settings cannot even be read (a damaged file). */
function storedSettingsProblems(store: LumioStore): Array<{ key: string; reason: string }> {
  if (store.health.state === 'damaged') return [];
  try {
    return store.settingsReport().refused;
  } catch {
    return [];
  }
}

/** The request parsed with its command's schema, or the IPC_INVALID answer (also for a getter or proxy that throws). */
function parseRequest<C extends CommandName>(
  command: C,
  request: unknown,
): { ok: true; data: ParsedRequest<C> } | { ok: false; error: LumioErrorPayload } {
  let parsed: { success: boolean; data?: unknown; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } };
  try {
    parsed = COMMANDS[command].request.safeParse(request ?? {});
  } catch {
    return { ok: false, error: { code: 'IPC_INVALID', message: `Invalid request for ${command}: it could not be read.` } };
  }
  if (parsed.success) return { ok: true, data: parsed.data as ParsedRequest<C> };
  const first = parsed.error?.issues[0];
  const where = first?.path.length ? ` (${first.path.map(String).join('.').slice(0, 100)})` : '';
  return { ok: false, error: { code: 'IPC_INVALID', message: `Invalid request for ${command}${where}: ${first?.message ?? 'bad payload'}` } };
}
