import { app, ipcMain, Menu, protocol, type Tray } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CommandName, CommandResult } from '../shared/ipc.js';
import type { Settings } from '../shared/domain.js';
import { toLumioError, type LumioErrorPayload } from '../shared/errors.js';
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME } from './app-protocol.js';
import type { CorePort } from './core-port.js';
import { exportWithDialog } from './export-dialog.js';
import { RecordingShortcut } from './global-shortcut.js';
import { bindBridge, forwardEvents } from './ipc/bridge.js';
import { MainWindow } from './main-window.js';
import { buildAppMenu } from './menu.js';
import { openCore } from './open-core.js';
import { contentSecurityPolicy } from './security/csp.js';
import { hardenSessions } from './security/sessions.js';
import { rendererAssetHandler } from './serve-renderer.js';
import { createTray } from './tray.js';

/**
 * The app's lifecycle and wiring only: each job (the window, the tray, the global shortcut, the
 * lumio:// protocol, session security, the export dialog, the IPC bridge) lives in its own module.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const isMac = process.platform === 'darwin';
/** Set by `electron-vite dev`: the renderer then comes from the Vite dev server. */
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const appOrigin = devServerUrl ? new URL(devServerUrl).origin : APP_ORIGIN;
const csp = contentSecurityPolicy(devServerUrl ? { devServerOrigin: appOrigin } : {});
const resourcesDir = app.isPackaged ? process.resourcesPath : path.join(here, '../../resources');

const mainWindow = new MainWindow({
  url: devServerUrl ?? APP_ENTRY_URL,
  preload: path.join(here, '../preload/index.cjs'),
  icon: path.join(resourcesDir, 'icon.png'),
});
const shortcut = new RecordingShortcut(() => mainWindow.contents());
let core: CorePort | null = null;
let tray: Tray | null = null;
let coreFailure: LumioErrorPayload | null = null;

// Everything this process creates (the history, Chromium's own files in userData, exports) is for
// this account only: 600 files, 700 folders. Windows ignores it (the profile's ACL applies there).
if (process.platform !== 'win32') process.umask(0o077);

// Tests (and people who keep several profiles) can point Lumio at another data folder.
if (process.env.LUMIO_USER_DATA) app.setPath('userData', path.resolve(process.env.LUMIO_USER_DATA));

// One Lumio at a time: two would fight over the database, the microphone and the engine.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => mainWindow.show());
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }]);
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  hardenSessions({ appOrigin, csp, devServerUrl });
  protocol.handle(APP_SCHEME, rendererAssetHandler(path.join(here, '../renderer'), csp));
  const toggleWindow = (): void => mainWindow.toggle();
  Menu.setApplicationMenu(buildAppMenu({ isMac, isDev: Boolean(devServerUrl), toggleWindow }));

  bindBridge({
    ipcMain,
    core: () => core,
    window: () => mainWindow.contents(),
    appOrigin,
    unavailable: () => coreFailure,
    ownCommands: ['history.export'],
    before: beforeCore,
    after: afterCore,
  });

  // The core opens first (a database open and a folder scan, well under a second), so the page's
  // first settings.get never meets a half-started app.
  try {
    // The core reads $LUMIO_MODELS_DIR itself (it beats the setting, as the README says).
    core = await openCore({ home: app.getPath('userData') });
  } catch (e) {
    // The window stays up and every command answers with this, so the person sees what happened.
    coreFailure = { ...toLumioError(e).toPayload(), hint: 'Lumio could not open its data folder. Restart Lumio; if it keeps happening, reinstall it.' };
    console.error('Lumio core failed to open:', e);
  }
  if (core) forwardEvents(core, () => mainWindow.contents());
  await mainWindow.create();
  tray = createTray(path.join(resourcesDir, 'tray.png'), toggleWindow);
  if (core) {
    const settings = await core.handle('settings.get', {});
    if (settings.ok) shortcut.set(settings.value.globalShortcut);
  }
}

/** Main's own part of some commands: the save dialog for export. */
async function beforeCore(command: CommandName, request: unknown): Promise<{ request: unknown } | { result: CommandResult<CommandName> }> {
  if (command !== 'history.export') return { request };
  const unavailable = (): CommandResult<'history.export'> => ({ ok: false, error: coreFailure ?? { code: 'INTERNAL', message: 'Lumio is still starting.' } });
  return { result: await exportWithDialog(mainWindow.window, core, request as { format: 'json' | 'md'; conversationId?: string }, unavailable) };
}

function afterCore(command: CommandName, result: CommandResult<CommandName>): void {
  if (command === 'settings.set' && result.ok) shortcut.set((result.value as Settings).globalShortcut);
}

app.on('window-all-closed', () => {
  if (!isMac) app.quit();
});
app.on('activate', () => mainWindow.show());
app.on('will-quit', () => shortcut.clear());
app.on('before-quit', () => {
  const c = core;
  core = null;
  void c?.close();
  tray?.destroy();
});
