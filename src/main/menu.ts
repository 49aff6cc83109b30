/**
 * The application menu as plain data (Electron's MenuItemConstructorOptions shape),
 * so it is testable without Electron: the items users need when something goes
 * wrong are the logs and the outputs.
 */
export interface MenuActions {
  platform: string;
  openLogs(): void;
  openOutputs(): void;
  quit(): void;
}

export interface MenuItem {
  label?: string;
  role?: string;
  type?: 'separator' | 'submenu' | 'normal';
  accelerator?: string;
  click?: () => void;
  submenu?: MenuItem[];
}

export function buildMenuTemplate(a: MenuActions): MenuItem[] {
  const mac = a.platform === 'darwin';
  const file: MenuItem = {
    label: '&File',
    submenu: [
      { label: 'Open Output Folder', accelerator: 'CmdOrCtrl+Shift+O', click: a.openOutputs },
      { label: 'Open Logs Folder', accelerator: 'CmdOrCtrl+Shift+L', click: a.openLogs },
      { type: 'separator' },
      mac ? { role: 'close' } : { label: 'Quit', accelerator: 'Ctrl+Q', click: a.quit },
    ],
  };
  const menu: MenuItem[] = [
    file,
    { label: '&Edit', submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] },
    { label: '&View', submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }] },
    { label: '&Help', submenu: [{ label: 'Open Logs Folder', click: a.openLogs }] },
  ];
  if (mac) menu.unshift({ label: 'AltDeck', submenu: [{ role: 'about' }, { type: 'separator' }, { label: 'Quit AltDeck', accelerator: 'Cmd+Q', click: a.quit }] });
  return menu;
}
