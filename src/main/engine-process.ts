import { utilityProcess } from 'electron';
import type { WorkerChannel, WorkerToHost } from '../core/engine/protocol.js';

/**
 * The speech engine (native whisper/llama/sherpa code) runs in an Electron utilityProcess, so a
 * segfault or an out-of-memory model load kills that process, not the window or the database.
 * The core's EngineSupervisor owns the protocol and the restarts; this adapter gives it the same
 * WorkerChannel the CLI gets from child_process.fork (src/core/engine/node-channel.ts).
 * utilityProcess messages are structured clones, so Float32Array audio crosses without JSON.
 */
export function forkEngineProcess(entry: string, env: NodeJS.ProcessEnv = process.env): WorkerChannel {
  const child = utilityProcess.fork(entry, [], {
    serviceName: 'Lumio speech engine',
    // Native engines log to stderr; only useful when debugging.
    stdio: env.LUMIO_ENGINE_DEBUG ? 'inherit' : 'ignore',
    env,
  });
  const exitListeners: Array<(code: number | null, signal: string | null) => void> = [];
  let exitCode: number | null | undefined;
  child.on('exit', (code) => {
    exitCode = code;
    for (const listener of exitListeners) listener(code, null);
  });
  return {
    get pid() {
      return child.pid;
    },
    send(message) {
      if (exitCode === undefined) child.postMessage(message);
    },
    onMessage(listener) {
      // The worker is our own code speaking protocol.ts; the supervisor checks each message's shape.
      child.on('message', (message) => listener(message as WorkerToHost));
    },
    onExit(listener) {
      if (exitCode !== undefined) listener(exitCode, null);
      else exitListeners.push(listener);
    },
    kill() {
      child.kill();
    },
  };
}
