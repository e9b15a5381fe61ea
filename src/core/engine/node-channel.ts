import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { HostToWorker, WorkerChannel, WorkerToHost } from './protocol.js';

/**
 * tsx's loader by absolute URL: `--import tsx` would be resolved from the caller's working
 * directory, which is wherever the person ran `lumio` from. (tsx exports its loader as ".".)
 */
export function tsxLoaderUrl(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
}

/**
 * Starts the engine worker as a Node child process (the CLI, tests, benchmarks, the e2e host).
 * 'advanced' serialization carries Float32Array audio by structured clone instead of JSON.
 * When we run from TypeScript sources (tsx), the child gets the same loader.
 */
export function forkNodeWorker(options: { env?: NodeJS.ProcessEnv } = {}): WorkerChannel {
  const here = fileURLToPath(import.meta.url);
  const fromSource = here.endsWith('.ts');
  const entry = fileURLToPath(new URL(fromSource ? './worker-node.ts' : './worker-node.js', import.meta.url));
  const child = fork(entry, [], {
    serialization: 'advanced',
    execArgv: fromSource ? ['--import', tsxLoaderUrl()] : [],
    env: options.env ?? process.env,
    // The worker's own stdout is not ours to print on (the CLI may be writing JSON); its stderr
    // carries native engines' logs, which are only useful when debugging.
    stdio: ['ignore', 'ignore', process.env.LUMIO_ENGINE_DEBUG ? 'inherit' : 'ignore', 'ipc'],
  });
  const exitListeners: Array<(code: number | null, signal: string | null) => void> = [];
  let exited: { code: number | null; signal: string | null } | null = null;
  child.on('exit', (code, signal) => {
    exited = { code, signal };
    for (const listener of exitListeners) listener(code, signal);
  });
  // An IPC error after the child died is reported through 'exit'.
  child.on('error', () => undefined);
  return {
    pid: child.pid,
    send(message: HostToWorker) {
      if (child.connected) child.send(message);
    },
    onMessage(listener: (message: WorkerToHost) => void) {
      child.on('message', (m) => listener(m as WorkerToHost));
    },
    onExit(listener) {
      if (exited) listener(exited.code, exited.signal);
      else exitListeners.push(listener);
    },
    kill() {
      child.kill('SIGKILL');
    },
  };
}
