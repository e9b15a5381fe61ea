import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { forkNodeWorker } from '../../src/core/engine/node-channel.js';
import { LumioService, type ServiceOptions } from '../../src/core/service.js';
import { startHost, type RunningHost } from '../host/server.js';

export const RENDERER_DIR = path.resolve('out/renderer');
export const FIXTURE_MODELS = process.env.LUMIO_FIXTURE_MODELS ?? path.resolve('.fixtures/models');

/** Why a spec cannot run here, or null. Checked before anything starts. */
export function missingPrerequisite(): string | null {
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) return 'out/renderer is missing: run `npx electron-vite build` first';
  if (!fs.existsSync('/usr/bin/chromium') && !process.env.LUMIO_CHROMIUM) return 'Chromium is not installed (apt-get install -y chromium)';
  return null;
}

export interface RunningLumio {
  service: LumioService;
  host: RunningHost;
  home: string;
  /** Every command the page sent through the host, in order, with when it arrived. */
  commands: Array<{ command: string; at: number }>;
  close(): Promise<void>;
}

/** The real core (LumioService + engine worker process) behind the e2e host, in a fresh home. */
export async function startLumio(
  options: Partial<Omit<ServiceOptions, 'home' | 'spawnWorker'>> & { prepareHome?: (home: string) => void } = {},
): Promise<RunningLumio> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-e2e-'));
  const { prepareHome, ...rest } = options;
  // What an earlier run (or bad luck) left in the data folder, before the core opens it.
  prepareHome?.(home);
  const service = await LumioService.open({
    home,
    modelsDir: FIXTURE_MODELS,
    spawnWorker: () => forkNodeWorker(),
    ...rest,
  });
  const commands: RunningLumio['commands'] = [];
  const core = {
    handle: ((command, request) => {
      commands.push({ command, at: performance.now() });
      return service.handle(command, request);
    }) as LumioService['handle'],
    onEvent: (listener: Parameters<LumioService['onEvent']>[0]) => service.onEvent(listener),
  };
  const host = await startHost({ core, rendererDir: RENDERER_DIR });
  return {
    service,
    host,
    home,
    commands,
    async close() {
      await host.close();
      await service.close();
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

/** A real spoken question for Chromium's fake microphone, made with espeak-ng. */
export function questionWav(text = 'Good evening. Today was a quiet day and I read a book by the window.'): string {
  const dir = path.resolve('.fixtures/e2e');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'question.wav');
  if (!fs.existsSync(file)) execFileSync('espeak-ng', ['-v', 'en', '-s', '150', '-w', file, text]);
  return file;
}

/** The engine worker's pid, to crash it the way a native segfault would. */
export function enginePid(service: LumioService): number | undefined {
  return service.engine.workerPid;
}
