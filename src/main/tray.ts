import { Menu, nativeImage, Tray } from 'electron';

/** The tray icon that shows or hides the window; null where the desktop has no tray. */
export function createTray(iconFile: string, toggleWindow: () => void): Tray | null {
  try {
    const icon = nativeImage.createFromPath(iconFile);
    const tray = new Tray(icon.isEmpty() ? nativeImage.createEmpty() : icon);
    tray.setToolTip('Lumio');
    tray.setContextMenu(Menu.buildFromTemplate([{ label: 'Show or Hide Lumio', click: toggleWindow }, { type: 'separator' }, { role: 'quit' }]));
    tray.on('click', toggleWindow);
    return tray;
  } catch {
    // Some Linux desktops have no tray; the Window menu's "Show or Hide Lumio" still works.
    return null;
  }
}
