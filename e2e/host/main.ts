import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { forkNodeWorker } from '../../src/core/engine/node-channel.js';
import { LumioService } from '../../src/core/service.js';
import { startHost } from './server.js';

/**
 * Runs the e2e host by hand, to look at the app in any browser against the real core:
 *   npx electron-vite build && npx tsx e2e/host/main.ts [--port 5199] [--home DIR] [--models DIR]
 * Defaults: a fresh temp home and the project's fixture models (.fixtures/models).
 */
// Like the app and the CLI: what this host's core writes is for this account only.
if (process.platform !== 'win32') process.umask(0o077);
const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const home = arg('--home') ?? fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-e2e-host-'));
const modelsDir = arg('--models') ?? process.env.LUMIO_MODELS_DIR ?? path.resolve('.fixtures/models');
const service = await LumioService.open({ home, modelsDir, spawnWorker: () => forkNodeWorker() });
const host = await startHost({ core: service, rendererDir: path.resolve('out/renderer'), port: Number(arg('--port') ?? 5199) });
console.log(`Lumio e2e host: ${host.url}  (home ${home}, models ${modelsDir})`);
const stop = async (): Promise<void> => {
  await host.close();
  await service.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
