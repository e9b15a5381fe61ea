import path from 'node:path';
import type { LumioErrorPayload } from '../shared/errors.js';
import { type CommandName, type CommandResult, isCommandName, type StorageStatus } from '../shared/ipc.js';
import type { LatencyTechniques } from './engine/protocol.js';
import { EngineSupervisor } from './engine/supervisor.js';
import type { ResolvedModels } from './host/engine-models.js';
import { TurnCoordinator } from './host/turn-coordinator.js';
import { loadCatalog } from './models/catalog.js';
import type { DownloadManager } from './models/download-manager.js';
import { type LumioPaths, resolvePaths } from './paths.js';
import { ensurePrivateDir } from './private-files.js';
import { commandHandlers, exportFile, type Handlers } from './service/commands.js';
import { EventHub } from './service/event-hub.js';
import { ModelsHost } from './service/models-host.js';
import { describeName, parseRequest, safePayload } from './service/requests.js';
import { refusedSettingsNotices, storageStatus } from './service/storage-status.js';
import type { LumioStore } from './store/history.js';
import { openLumioStore } from './store/open-store.js';
import type { ServiceEvent, ServiceOptions } from './service/options.js';

export type { ServiceEvent, ServiceOptions } from './service/options.js';

/**
 * Lumio's core behind every host: Electron main, the e2e WebSocket host and the CLI call
 * `handle(command, request)` with untrusted input and get a typed result, never an exception.
 * This file only dispatches; the store, the engine supervisor and the models stay inside, and a
 * host that needs more than the contract (the CLI, the benchmark) gets a named method below.
 */
export class LumioService {
  private readonly events = new EventHub<ServiceEvent>();
  private readonly supervisor: EngineSupervisor;
  private readonly models: ModelsHost;
  private readonly turns: TurnCoordinator;
  private readonly handlers: Handlers;
  /** Engine work outside the renderer's contract: the CLI's transcribe and say, the benchmark's warm-up and memory. */
  readonly engine: Pick<EngineSupervisor, 'transcribe' | 'say' | 'warmup' | 'workerPid'>;
  /** The CLI prints the downloader's log lines and waits for its downloads. */
  readonly downloads: Pick<DownloadManager, 'on' | 'off' | 'idle'>;
  /** What was set right at open (a stored models folder that cannot be used, …), for the person to read. */
  private readonly notices: LumioErrorPayload[];

  /** Never throws for what is on disk: a damaged, read-only or locked history and unusable stored settings are reported (storage.status). */
  static async open(options: ServiceOptions): Promise<LumioService> {
    const home = resolvePaths({ home: options.home }).home;
    try {
      ensurePrivateDir(home, 'lumio.db');
    } catch {
      // A read-only or full disk: the store below says so, and opens what it can.
    }
    const service = new LumioService(options, openLumioStore(resolvePaths({ home }).database));
    await service.models.refresh();
    return service;
  }

  private constructor(
    options: ServiceOptions,
    private readonly store: LumioStore,
  ) {
    const emit = (event: ServiceEvent): void => this.events.emit(event);
    this.notices = refusedSettingsNotices(store);
    this.supervisor = new EngineSupervisor({ spawn: options.spawnWorker });
    this.models = new ModelsHost({
      ...options,
      catalog: options.catalog ?? loadCatalog(),
      supervisor: this.supervisor,
      settings: () => store.getSettings(),
      emit,
      notice: (n) => this.notices.push(n),
    });
    this.engine = this.supervisor;
    this.downloads = this.models.downloads;
    this.supervisor.on('status', () => emit({ type: 'engine.status', status: this.models.engineStatus() }));
    store.onChange(() => emit({ type: 'storage.status', status: this.storageStatus() }));
    this.turns = new TurnCoordinator({ store, supervisor: this.supervisor, emit, settings: () => store.getSettings() });
    const exportDir = options.exportDir ?? path.join(this.models.paths.home, 'exports');
    this.handlers = commandHandlers({ store, models: this.models, turns: this.turns, exportDir, storageStatus: () => this.storageStatus() });
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
      const handler = this.handlers[command] as (r: unknown) => Promise<CommandResult<C> extends { ok: true; value: infer V } ? V : never>;
      return { ok: true, value: await handler(parsed.data) };
    } catch (e) {
      return { ok: false, error: safePayload(e) };
    }
  }

  /** history.export to a file the host chose itself (main's save dialog, the CLI's --out); never one a page names. Never throws. */
  async exportTo(file: string, request: unknown): Promise<CommandResult<'history.export'>> {
    try {
      if (typeof file !== 'string' || file.length === 0 || file.includes('\0'))
        return { ok: false, error: { code: 'INVALID_ARGUMENT', message: 'Name the file to export to.' } };
      const parsed = parseRequest('history.export', request);
      if (!parsed.ok) return parsed;
      return { ok: true, value: exportFile(this.store, path.resolve(file), parsed.data) };
    } catch (e) {
      return { ok: false, error: safePayload(e) };
    }
  }

  onEvent(listener: (event: ServiceEvent) => void): () => void {
    return this.events.on(listener);
  }

  get paths(): LumioPaths {
    return this.models.paths;
  }

  storageStatus(): StorageStatus {
    return storageStatus(this.store, this.notices);
  }

  /** Re-reads the models folder (the Models screen and tests after changing files). */
  refreshModels(): Promise<ResolvedModels> {
    return this.models.refresh();
  }

  /** The benchmark's baseline: the latency techniques off, in the same process and run. */
  setLatencyTechniques(techniques: LatencyTechniques): void {
    this.turns.setTechniques(techniques);
  }

  /** Waits for the turn in progress and its save (tests, shutdown). */
  idle(): Promise<void> {
    return this.turns.idle();
  }

  async close(): Promise<void> {
    this.turns.stopAll();
    await this.models.close();
    await this.supervisor.stop();
    this.store.close();
    this.events.clear();
  }
}
