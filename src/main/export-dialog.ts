import { app, dialog, type BrowserWindow } from 'electron';
import path from 'node:path';
import type { CommandResult } from '../shared/ipc.js';
import type { CorePort } from './core-port.js';

/**
 * history.export with the save dialog: the renderer's request names no file (the contract has no
 * path); main asks the person and hands the answer to the core itself. Cancelled is `null`.
 */
export async function exportWithDialog(
  window: BrowserWindow | null,
  core: CorePort | null,
  request: { format: 'json' | 'md'; conversationId?: string },
  unavailable: () => CommandResult<'history.export'>,
): Promise<CommandResult<'history.export'>> {
  const stamp = new Date().toISOString().slice(0, 10);
  const ext = request.format === 'md' ? 'md' : 'json';
  const result = window
    ? await dialog.showSaveDialog(window, {
        title: 'Export conversations',
        defaultPath: path.join(app.getPath('documents'), `lumio-${request.conversationId ? 'conversation' : 'history'}-${stamp}.${ext}`),
        filters: [request.format === 'md' ? { name: 'Markdown', extensions: ['md'] } : { name: 'JSON', extensions: ['json'] }],
      })
    : { canceled: true, filePath: undefined };
  if (result.canceled || !result.filePath) return { ok: true, value: null };
  if (!core) return unavailable();
  return core.exportTo(result.filePath, request);
}
