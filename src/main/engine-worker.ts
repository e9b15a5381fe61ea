import type { HostToWorker, WorkerToHost } from '../core/engine/protocol.js';
import { startWorker } from '../core/engine/worker.js';

/**
 * Entry of the engine when it runs as an Electron utilityProcess (the app). The Node child
 * process entry is src/core/engine/worker-node.ts; both hand the same startWorker a port.
 * Electron gives a utility process `process.parentPort` (no 'electron' import needed here).
 */
interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!parentPort) {
  console.error('The Lumio engine worker must be started by the app (utilityProcess).');
  process.exit(2);
}
startWorker({
  send: (message: WorkerToHost) => parentPort.postMessage(message),
  onMessage: (listener: (message: HostToWorker) => void) => {
    parentPort.on('message', (e) => listener(e.data as HostToWorker));
  },
});
