import type { HostToWorker, WorkerToHost } from './protocol.js';
import { startWorker } from './worker.js';

/** Entry of the engine worker when it runs as a Node child process. */
if (!process.send) {
  console.error('The Lumio engine worker must be started by its host (it needs an IPC channel).');
  process.exit(2);
}
// The host went away: nothing left to serve. Loading the native engines above takes seconds, and a
// host killed meanwhile disconnected before this listener existed, so the state is checked as well.
process.on('disconnect', () => process.exit(0));
if (!process.connected) process.exit(0);
startWorker({
  send: (message: WorkerToHost) => {
    process.send?.(message);
  },
  onMessage: (listener: (message: HostToWorker) => void) => {
    process.on('message', (m) => listener(m as HostToWorker));
  },
});
