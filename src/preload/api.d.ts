import type { LumioApi } from '../shared/ipc.js';

/** What the preload puts on the page (and what the e2e host's shim imitates over a WebSocket). */
declare global {
  interface Window {
    lumio: LumioApi;
  }
}

export {};
