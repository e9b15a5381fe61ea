import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { COMMANDS, COMMAND_CHANNEL_PREFIX, EVENT_CHANNEL, type CommandName, type CommandResult } from '../../shared/ipc.js';
import { toLumioError, type LumioErrorPayload } from '../../shared/errors.js';
import type { CorePort } from '../core-port.js';
import { isTrustedSender } from '../security/sender.js';
import { parseCommandRequest } from './validate.js';

export interface BridgeOptions {
  ipcMain: IpcMain;
  core: () => CorePort | null;
  /** The one window allowed to talk to us (null before it exists). */
  window: () => WebContents | null;
  appOrigin: string;
  /** Why the core is not there (it failed to open), shown instead of "still starting". */
  unavailable?: () => LumioErrorPayload | null;
  /**
   * Runs before the core for commands main itself must finish (the save dialog of history.export,
   * re-registering the global shortcut after settings.set). Returns a replacement request, or a
   * result to send back without calling the core (e.g. the person cancelled the dialog).
   */
  before?: (command: CommandName, request: unknown) => Promise<{ request: unknown } | { result: CommandResult<CommandName> }>;
  /** The commands main itself acts on (`before` sees them, parsed here); every other payload is parsed once, by the core. */
  ownCommands?: readonly CommandName[];
  after?: (command: CommandName, result: CommandResult<CommandName>) => void;
}

/** Binds every command of the contract to ipcMain.handle, and the core's events to the window. */
export function bindBridge(options: BridgeOptions): () => void {
  const channels = (Object.keys(COMMANDS) as CommandName[]).map((command) => {
    const channel = `${COMMAND_CHANNEL_PREFIX}${command}`;
    options.ipcMain.handle(channel, async (event: IpcMainInvokeEvent, payload: unknown): Promise<CommandResult<CommandName>> => {
      const wc = options.window();
      const frame = event.senderFrame;
      const trusted = isTrustedSender(
        { webContentsId: event.sender.id, frame: frame ? { url: frame.url, isMainFrame: frame.parent === null } : null },
        { webContentsId: wc ? wc.id : null, appOrigin: options.appOrigin },
      );
      if (!trusted) return { ok: false, error: { code: 'IPC_INVALID', message: 'Request from an unknown page was refused.' } };
      const core = options.core();
      if (!core) {
        const why = options.unavailable?.();
        return { ok: false, error: why ?? { code: 'INTERNAL', message: 'Lumio is still starting.', hint: 'Try again in a moment.' } };
      }
      try {
        let request = payload;
        // Main reads these itself (the save dialog), so they are parsed before main does; the
        // rest go to the core as they came, and LumioService.handle parses each exactly once.
        if (options.before && options.ownCommands?.includes(command)) {
          const parsed = parseCommandRequest(command, payload);
          if (!parsed.ok) return { ok: false, error: parsed.error };
          const pre = await options.before(command, parsed.request);
          if ('result' in pre) return pre.result;
          request = pre.request;
        }
        const result = await core.handle<CommandName>(command, request);
        options.after?.(command, result);
        return result;
      } catch (e) {
        // LumioService.handle never throws by contract; this is the belt to its braces.
        return { ok: false, error: toLumioError(e).toPayload() };
      }
    });
    return channel;
  });

  return () => {
    for (const channel of channels) options.ipcMain.removeHandler(channel);
  };
}

/** Forwards core events (turn stream, download progress, engine status) to the window. */
export function forwardEvents(core: CorePort, window: () => WebContents | null): () => void {
  return core.onEvent((event) => {
    const wc = window();
    if (wc && !wc.isDestroyed()) wc.send(EVENT_CHANNEL, event);
  });
}
