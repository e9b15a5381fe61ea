import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TurnEvent } from '../shared/domain.js';
import { LumioError, toLumioError } from '../shared/errors.js';
import {
  COMMANDS,
  type CommandName,
  type CommandResponse,
  type CommandResult,
  type DownloadProgressEvent,
  type EngineStatus,
  type ModelsOverview,
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
import { resolvePaths, type LumioPaths } from './paths.js';
import { exportJson, exportMarkdown } from './store/export.js';
import { LumioStore } from './store/history.js';

export type ServiceEvent = TurnEvent | DownloadProgressEvent | { type: 'engine.status'; status: EngineStatus };

export interface ServiceOptions {
  home: string;
  /** Overrides settings.modelsDir and $LUMIO_MODELS_DIR. */
  modelsDir?: string | null;
  /** Starts an engine worker process: child_process in Node, utilityProcess in Electron. */
  spawnWorker: () => WorkerChannel;
  catalog?: Catalog;
  fetchImpl?: FetchLike;
  /** Where exports go when the request names no path (the UI's save dialog usually names one). */
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
  readonly paths: LumioPaths;
  readonly store: LumioStore;
  readonly supervisor: EngineSupervisor;
  readonly catalog: Catalog;
  readonly downloads: DownloadManager;
  private readonly listeners = new Set<(event: ServiceEvent) => void>();
  private resolved: ResolvedModels | null = null;
  private readonly turns: TurnCoordinator;
  private readonly exportDir: string;

  static async open(options: ServiceOptions): Promise<LumioService> {
    const store = LumioStore.open(resolvePaths({ home: options.home }).database);
    const settings = store.getSettings();
    const paths = resolvePaths({ home: options.home, modelsDir: options.modelsDir ?? settings.modelsDir });
    fs.mkdirSync(paths.models, { recursive: true });
    const service = new LumioService(options, paths, store);
    await service.refreshModels();
    return service;
  }

  private constructor(options: ServiceOptions, paths: LumioPaths, store: LumioStore) {
    this.paths = paths;
    this.store = store;
    this.catalog = options.catalog ?? loadCatalog();
    this.exportDir = options.exportDir ?? path.join(paths.home, 'exports');
    this.supervisor = new EngineSupervisor({ spawn: options.spawnWorker });
    this.supervisor.on('status', () => this.emit({ type: 'engine.status', status: this.engineStatus() }));
    this.downloads = new DownloadManager(this.catalog, paths.models, options.fetchImpl);
    this.downloads.on('progress', (event: DownloadProgressEvent) => this.emit(event));
    // Why a source was skipped belongs in the log, where a support question can find it.
    this.downloads.on('log', (line: string) => console.warn(`[models] ${line}`));
    this.downloads.on('installed', () => {
      void this.refreshModels().catch(() => undefined);
    });
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

  async handle<C extends CommandName>(command: C, request: unknown): Promise<CommandResult<C>> {
    const spec = COMMANDS[command] as (typeof COMMANDS)[CommandName] | undefined;
    if (!spec) return { ok: false, error: { code: 'IPC_INVALID', message: `Unknown command "${String(command)}".` } };
    const parsed = spec.request.safeParse(request ?? {});
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const where = first?.path.length ? ` (${first.path.join('.')})` : '';
      return { ok: false, error: { code: 'IPC_INVALID', message: `Invalid request for ${command}${where}: ${first?.message ?? 'bad payload'}` } };
    }
    try {
      const handler = this.handlers[command] as unknown as (r: unknown) => Promise<CommandResponse<C>>;
      const value = await handler(parsed.data);
      return { ok: true, value };
    } catch (e) {
      return { ok: false, error: toLumioError(e).toPayload() };
    }
  }

  private readonly handlers: { [C in CommandName]: Handler<C> } = {
    'settings.get': async () => this.store.getSettings(),
    'settings.set': async (patch) => {
      const before = this.store.getSettings();
      const after = this.store.patchSettings(patch);
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
      const file =
        r.path ??
        path.join(this.exportDir, `lumio-${r.conversationId ? 'conversation' : 'history'}-${new Date().toISOString().slice(0, 10)}.${r.format}`);
      const options = r.conversationId ? { conversationId: r.conversationId } : {};
      if (r.conversationId && !this.store.getConversation(r.conversationId)) {
        throw new LumioError('NOT_FOUND', 'That conversation no longer exists.');
      }
      return r.format === 'json' ? exportJson(this.store, file, options) : exportMarkdown(this.store, file, options);
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
    'turn.abort': async (r) => {
      this.turns.abort(r.turnId, r.spokenChars);
      return { ok: true as const };
    },
  };

  /** A turn needs every model role installed. (A turn in progress is no obstacle: a new press stops it.) */
  private async assertReadyForTurn(): Promise<void> {
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
