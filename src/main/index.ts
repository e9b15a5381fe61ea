import { app, BrowserWindow, dialog, globalShortcut, ipcMain, nativeImage, protocol, screen, session, Tray, Menu } from 'electron';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EVENT_CHANNEL, type CommandName, type CommandResult } from '../shared/ipc.js';
import type { Settings } from '../shared/domain.js';
import { toLumioError, type LumioErrorPayload } from '../shared/errors.js';
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME, mimeTypeOf, resolveAppAsset } from './app-protocol.js';
import type { CorePort } from './core-port.js';
import { bindBridge, forwardEvents } from './ipc/bridge.js';
import { buildAppMenu } from './menu.js';
import { openCore } from './open-core.js';
import { contentSecurityPolicy } from './security/csp.js';
import { decidePermission, isOwnPage } from './security/permissions.js';
import { secureWebPreferences } from './security/web-preferences.js';
import { loadWindowState, saveWindowState, type WindowState } from './window-state.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const isMac = process.platform === 'darwin';
/** Set by `electron-vite dev`: the renderer then comes from the Vite dev server. */
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const appOrigin = devServerUrl ? new URL(devServerUrl).origin : APP_ORIGIN;
const csp = contentSecurityPolicy(devServerUrl ? { devServerOrigin: appOrigin } : {});
const rendererDir = path.join(here, '../renderer');
const resourcesDir = app.isPackaged ? process.resourcesPath : path.join(here, '../../resources');

/** Main → renderer event for the global shortcut; not part of the core's event stream. */
export const TOGGLE_RECORDING_EVENT = { type: 'shortcut.toggle-recording' } as const;

let mainWindow: BrowserWindow | null = null;
let core: CorePort | null = null;
let tray: Tray | null = null;
let registeredShortcut: string | null = null;
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
  app.on('second-instance', () => showWindow());
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  hardenSessions();
  protocol.handle(APP_SCHEME, serveRendererAsset);
  Menu.setApplicationMenu(buildAppMenu({ isMac, isDev: Boolean(devServerUrl), toggleWindow }));

  bindBridge({
    ipcMain,
    core: () => core,
    window: () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : null),
    appOrigin,
    unavailable: () => coreFailure,
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
  if (core) forwardEvents(core, () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : null));
  await createWindow();
  createTray();
  if (core) {
    const settings = await core.handle('settings.get', {});
    if (settings.ok) registerGlobalShortcut(settings.value.globalShortcut);
  }
}

/** Permissions, navigation and new windows, for every web contents the app ever creates. */
function hardenSessions(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, permission, callback, details) => {
    callback(
      decidePermission(
        { permission, requestingUrl: details.requestingUrl, mediaTypes: 'mediaTypes' in details ? details.mediaTypes : undefined },
        appOrigin,
      ),
    );
  });
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin, details) =>
    decidePermission(
      { permission, requestingUrl: details.requestingUrl ?? requestingOrigin, mediaType: details.mediaType },
      appOrigin,
    ),
  );
  ses.setDevicePermissionHandler(() => false);
  // The dev server's pages get the same CSP as a header (the built app gets it from serveRendererAsset).
  ses.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    if (devServerUrl && isOwnPage(details.url, appOrigin)) headers['Content-Security-Policy'] = [csp];
    callback({ responseHeaders: headers });
  });

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (url !== contents.getURL()) event.preventDefault();
    });
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

async function serveRendererAsset(request: Request): Promise<Response> {
  const file = resolveAppAsset(rendererDir, request.url);
  if (!file) return new Response('Not found', { status: 404 });
  try {
    const body = await readFile(file);
    return new Response(body, {
      headers: { 'Content-Type': mimeTypeOf(file), 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff' },
    });
  } catch {
    return new Response('Not found', { status: 404 });
  }
}

function windowStateFile(): string {
  return path.join(app.getPath('userData'), 'window-state.json');
}

async function createWindow(): Promise<void> {
  const state = await loadWindowState(windowStateFile(), screen.getAllDisplays().map((d) => d.workArea));
  const win = new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: 640,
    minHeight: 520,
    show: false,
    title: 'Lumio',
    backgroundColor: '#f6f3ee',
    icon: path.join(resourcesDir, 'icon.png'),
    webPreferences: secureWebPreferences(path.join(here, '../preload/index.cjs')),
  });
  mainWindow = win;
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  let saveTimer: NodeJS.Timeout | undefined;
  const rememberState = (): void => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      if (win.isDestroyed()) return;
      const b = win.getNormalBounds();
      const next: WindowState = { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() };
      void saveWindowState(windowStateFile(), next).catch(() => undefined);
    }, 400);
  };
  for (const e of ['resize', 'move', 'maximize', 'unmaximize'] as const) win.on(e as 'resize', rememberState);
  win.on('closed', () => {
    mainWindow = null;
  });

  await win.loadURL(devServerUrl ?? APP_ENTRY_URL);
}

function showWindow(): void {
  if (!mainWindow) {
    void createWindow();
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function toggleWindow(): void {
  if (mainWindow && mainWindow.isVisible() && mainWindow.isFocused()) mainWindow.hide();
  else showWindow();
}

function createTray(): void {
  try {
    const icon = nativeImage.createFromPath(path.join(resourcesDir, 'tray.png'));
    tray = new Tray(icon.isEmpty() ? nativeImage.createEmpty() : icon);
    tray.setToolTip('Lumio');
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: 'Show or Hide Lumio', click: toggleWindow },
        { type: 'separator' },
        { role: 'quit' },
      ]),
    );
    tray.on('click', toggleWindow);
  } catch {
    // Some Linux desktops have no tray; the Window menu's "Show or Hide Lumio" still works.
    tray = null;
  }
}

/**
 * Electron's globalShortcut reports key-down only (there is no key-up event), so outside the
 * window the shortcut TOGGLES recording: press once to start, once more to send. True
 * hold-to-talk outside the window would need a native keyboard hook (e.g. uiohook-napi); the
 * in-window key (Space by default) is the always-working hold-to-talk path.
 */
function registerGlobalShortcut(accelerator: string): void {
  if (registeredShortcut === accelerator) return;
  if (registeredShortcut) globalShortcut.unregister(registeredShortcut);
  registeredShortcut = null;
  if (!accelerator) return;
  try {
    const ok = globalShortcut.register(accelerator, () => {
      if (!mainWindow || mainWindow.isDestroyed()) return;
      mainWindow.webContents.send(EVENT_CHANNEL, TOGGLE_RECORDING_EVENT);
    });
    if (ok) registeredShortcut = accelerator;
  } catch {
    // An accelerator string Electron cannot parse: keep the in-window key only.
  }
}

/**
 * Main's own part of some commands: the save dialog for export. The renderer's request names no
 * file (the contract has no path); main asks the person and hands the answer to the core itself.
 */
async function beforeCore(command: CommandName, request: unknown): Promise<{ request: unknown } | { result: CommandResult<CommandName> }> {
  if (command === 'history.export') {
    const r = request as { format: 'json' | 'md'; conversationId?: string };
    const stamp = new Date().toISOString().slice(0, 10);
    const ext = r.format === 'md' ? 'md' : 'json';
    const result = mainWindow
      ? await dialog.showSaveDialog(mainWindow, {
          title: 'Export conversations',
          defaultPath: path.join(app.getPath('documents'), `lumio-${r.conversationId ? 'conversation' : 'history'}-${stamp}.${ext}`),
          filters: [r.format === 'md' ? { name: 'Markdown', extensions: ['md'] } : { name: 'JSON', extensions: ['json'] }],
        })
      : { canceled: true, filePath: undefined };
    if (result.canceled || !result.filePath) return { result: { ok: true, value: null } };
    if (!core) return { result: { ok: false, error: coreFailure ?? { code: 'INTERNAL', message: 'Lumio is still starting.' } } };
    return { result: await core.exportTo(result.filePath, r) };
  }
  return { request };
}

function afterCore(command: CommandName, result: CommandResult<CommandName>): void {
  if (command === 'settings.set' && result.ok) registerGlobalShortcut((result.value as Settings).globalShortcut);
}

app.on('window-all-closed', () => {
  if (!isMac) app.quit();
});
app.on('activate', () => showWindow());
app.on('will-quit', () => globalShortcut.unregisterAll());
app.on('before-quit', () => {
  const c = core;
  core = null;
  void c?.close();
  tray?.destroy();
});
