import type { HostToWorker, WorkerToHost } from './protocol.js';
import { startWorker } from './worker.js';

/** Entry of the engine worker when it runs as a Node child process. */
if (!process.send) {
  console.error('The Lumio engine worker must be started by its host (it needs an IPC channel).');
  process.exit(2);
}
// The host went away: nothing left to serve.
process.on('disconnect', () => process.exit(0));
startWorker({
  send: (message: WorkerToHost) => {
    process.send?.(message);
  },
  onMessage: (listener: (message: HostToWorker) => void) => {
    process.on('message', (m) => listener(m as HostToWorker));
  },
});
