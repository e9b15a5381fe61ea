import type { TurnEvent } from '../../shared/domain.js';
import type { DownloadProgressEvent, EngineStatus, StorageStatus } from '../../shared/ipc.js';
import type { Catalog } from '../../shared/models.js';
import type { WorkerChannel } from '../engine/protocol.js';
import type { FetchLike } from '../models/download.js';

/** Everything the service tells its host, on one channel. */
export type ServiceEvent =
  TurnEvent | DownloadProgressEvent | { type: 'engine.status'; status: EngineStatus } | { type: 'storage.status'; status: StorageStatus };

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
  /**
   * A fixed seed for the chat model's sampling, so the same messages get the same replies: for tests
   * and the evaluations, where a difference between two runs should come from the change measured.
   */
  samplingSeed?: number;
  /** Where `history.export` writes (the app's main process asks the save dialog and calls exportTo instead). */
  exportDir?: string;
}
