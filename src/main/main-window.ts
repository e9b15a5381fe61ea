import { app, BrowserWindow, screen, type WebContents } from 'electron';
import path from 'node:path';
import { secureWebPreferences } from './security/web-preferences.js';
import { loadWindowState, saveWindowState, type WindowState } from './window-state.js';

/** The one window: made where it was last left, remembered as it moves, shown, hidden and made again. */
export class MainWindow {
  private win: BrowserWindow | null = null;

  constructor(private readonly o: { url: string; preload: string; icon: string }) {}

  /** The page's web contents while the window exists. */
  contents(): WebContents | null {
    return this.win && !this.win.isDestroyed() ? this.win.webContents : null;
  }

  get window(): BrowserWindow | null {
    return this.win;
  }

  async create(): Promise<void> {
    const stateFile = path.join(app.getPath('userData'), 'window-state.json');
    const state = await loadWindowState(
      stateFile,
      screen.getAllDisplays().map((d) => d.workArea),
    );
    const win = new BrowserWindow({
      ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
      width: state.width,
      height: state.height,
      minWidth: 640,
      minHeight: 520,
      show: false,
      title: 'Lumio',
      backgroundColor: '#f6f3ee',
      icon: this.o.icon,
      webPreferences: secureWebPreferences(this.o.preload),
    });
    this.win = win;
    if (state.maximized) win.maximize();
    win.once('ready-to-show', () => win.show());

    let saveTimer: NodeJS.Timeout | undefined;
    const rememberState = (): void => {
      clearTimeout(saveTimer);
      saveTimer = setTimeout(() => {
        if (win.isDestroyed()) return;
        const b = win.getNormalBounds();
        const next: WindowState = { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() };
        void saveWindowState(stateFile, next).catch(() => undefined);
      }, 400);
    };
    for (const e of ['resize', 'move', 'maximize', 'unmaximize'] as const) win.on(e as 'resize', rememberState);
    win.on('closed', () => {
      this.win = null;
    });
    await win.loadURL(this.o.url);
  }

  show(): void {
    const win = this.win;
    if (!win) {
      void this.create();
      return;
    }
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  }

  toggle(): void {
    if (this.win && this.win.isVisible() && this.win.isFocused()) this.win.hide();
    else this.show();
  }
}
