import { utilityProcess, type UtilityProcess } from 'electron';

/**
 * The speech engine (native whisper/llama/sherpa code) runs in an Electron utilityProcess, so a
 * segfault or an out-of-memory model load kills that process, not the window or the database.
 * The core's supervisor owns the protocol and the restarts; this adapter only gives it the same
 * shape as a Node child process (`child_process.fork`), which is what the CLI hands it.
 */
export interface EngineProcess {
  readonly pid: number | undefined;
  postMessage(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number) => void): void;
  kill(): boolean;
}

export function forkEngineProcess(modulePath: string, args: string[] = [], env: NodeJS.ProcessEnv = process.env): EngineProcess {
  const child: UtilityProcess = utilityProcess.fork(modulePath, args, {
    serviceName: 'Lumio speech engine',
    stdio: 'inherit',
    env,
  });
  return {
    get pid() {
      return child.pid;
    },
    postMessage: (message) => child.postMessage(message),
    onMessage: (listener) => {
      child.on('message', listener);
    },
    onExit: (listener) => {
      child.on('exit', listener);
    },
    kill: () => child.kill(),
  };
}
