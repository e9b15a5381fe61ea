import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LumioService } from '../core/service.js';
import type { CorePort } from './core-port.js';
import { forkEngineProcess } from './engine-process.js';

/** Opens the core for the app: the store in userData, the engine in a utilityProcess (out/main/engine-worker.js). */
export async function openCore(options: { home: string; modelsDir?: string | null; exportDir?: string }): Promise<CorePort> {
  const workerEntry = path.join(path.dirname(fileURLToPath(import.meta.url)), 'engine-worker.js');
  return LumioService.open({
    home: options.home,
    ...(options.modelsDir ? { modelsDir: options.modelsDir } : {}),
    spawnWorker: () => forkEngineProcess(workerEntry),
    ...(options.exportDir ? { exportDir: options.exportDir } : {}),
  });
}
