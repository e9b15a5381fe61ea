import { contextBridge, ipcRenderer } from 'electron';
import { COMMAND_CHANNEL_PREFIX, EVENT_CHANNEL, type LumioApi } from '../shared/ipc.js';

/**
 * The only thing the page gets: window.lumio, the typed contract of src/shared/ipc.ts.
 * No ipcRenderer, no Node, no generic "send any channel" door: `invoke` always goes to a
 * lumio:<command> channel, and main validates the command name, the payload and the sender.
 * Audio crosses as ArrayBuffer (structured clone), never as a JSON array of numbers.
 */
const api: LumioApi = {
  invoke(command, request) {
    return ipcRenderer.invoke(`${COMMAND_CHANNEL_PREFIX}${String(command)}`, request);
  },
  onEvent(listener) {
    const handler = (_event: Electron.IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld('lumio', api);
