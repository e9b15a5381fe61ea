import { Menu, type MenuItemConstructorOptions } from 'electron';

/** The application menu: standard roles, so copy/paste, zoom, close and quit keep their usual shortcuts. */
export function buildAppMenu(options: { isMac: boolean; isDev: boolean; toggleWindow: () => void }): Menu {
  const template: MenuItemConstructorOptions[] = [
    ...(options.isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        ...(options.isDev ? ([{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[]) : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      role: 'windowMenu',
      submenu: [{ label: 'Show or Hide Lumio', accelerator: 'CommandOrControl+Shift+L', click: options.toggleWindow }, { role: 'minimize' }, { role: 'close' }],
    },
  ];
  return Menu.buildFromTemplate(template);
}
