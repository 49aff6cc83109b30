/**
 * Electron main: a thin adapter. Everything with logic lives in plain modules
 * (ipc-handlers, lifecycle, security, settings-store, event-throttle) that are
 * unit-tested under Node; this file only wires them to Electron.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, Notification, powerSaveBlocker, protocol, session, shell, utilityProcess } from 'electron';
import nodeLog from 'electron-log/node';
import { writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '../core/log';
import { adoptOldHome, roamingHome } from '../core/home-migration';
import { platformHome } from '../core/paths';
import type { EngineEvent } from '../shared/engine-api';
import { APP_EVENT_CHANNEL, CHANNELS, EVENT_CHANNEL, type AppEvent } from '../shared/ipc';
import { connectEngine, type EngineClient, type HostChannel } from './engine-client';
import { createIpcHandlers } from './ipc-handlers';
import { createBatchSignals } from './batch-signals';
import { claimSingleInstance, createKeepAwake, createShutdown, pathsFromArgv, QUIT_QUESTION } from './lifecycle';
import { buildMenuTemplate } from './menu';
import { processorCommand } from './processor-command';
import { APP_ORIGIN, APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler, RENDERER_URL } from './app-protocol';
import { CSP, hardenWebContents, isAllowedRequest, isTrustedSender, secureWebPreferences } from './security';
import { openSettingsStore } from './settings-store';

// Windows: the queue lives in Local AppData, never Roaming, so a redirected or roaming
// profile never puts SQLite on a network share (set before anything reads userData).
// A queue from before this change (Roaming) is copied over once, the original left as it was.
let adopted: ReturnType<typeof adoptOldHome> | Error = null;
if (process.platform === 'win32') {
  const home = platformHome();
  try {
    adopted = adoptOldHome(home, roamingHome(process.env, 'win32'));
  } catch (err) {
    adopted = err instanceof Error ? err : new Error(String(err));
  }
  app.setPath('userData', home);
}

// electron-log's node entry, not its main entry: the main entry registers its own IPC
// channel and preload in the window, beyond the one contract. Main and the engine
// share one file, <userData>/logs/altdeck.log, so a support request needs one log.
const logsDir = () => join(app.getPath('userData'), 'logs');
const log = createLogger(app.getPath('userData'));
if (adopted instanceof Error) log.warn(`could not copy the queue from the old Roaming folder (it is still there): ${adopted.message}`);
else if (adopted) log.info(`copied ${adopted.copied.join(', ')} from ${adopted.from} (left as it was) to Local AppData`);
nodeLog.errorHandler.startCatching();
Object.assign(console, nodeLog.functions);

const appRoot = join(__dirname, '..'); // dist/
// The UI comes from altdeck://app/ (src/main/app-protocol.ts), never file://.
const rendererUrl = RENDERER_URL;
// DevTools only from a checkout: a packaged build has none (issue 12).
const devTools = !app.isPackaged;
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
const pendingOpen: string[] = pathsFromArgv(process.argv, process.cwd(), app.isPackaged ? 1 : 2);
let win: BrowserWindow | null = null;

const sendApp = (e: AppEvent) => win?.webContents.send(APP_EVENT_CHANNEL, e);
const openFiles = (paths: string[]) => {
  if (win && !win.webContents.isLoading()) sendApp({ type: 'open-files', paths });
  else pendingOpen.push(...paths);
};

if (claimSingleInstance({ app, getWindow: () => win, openFiles, log }, process.argv, process.cwd())) {
  app.enableSandbox();
  void app.whenReady().then(start);
}

async function start() {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(join(appRoot, 'renderer')));
  const home = app.getPath('userData');
  log.info(`AltDeck ${app.getVersion()} starting; home ${home}`);
  // The engine (queue, review store, preflight, reports) runs in its own process, so
  // no query can block the window; main only validates and forwards (engine-client.ts).
  // From a checkout, `npm start` builds an Electron-ABI copy of better-sqlite3 beside
  // node_modules' Node build (scripts/build-electron-sqlite.mjs); packaged apps are rebuilt in place.
  const electronSqlite = join(appRoot, '..', 'native', 'electron', 'better_sqlite3.node');
  const sqliteBinding = !app.isPackaged && existsSync(electronSqlite) ? electronSqlite : undefined;
  let shutdownStarted = false;
  const client: EngineClient = connectEngine(
    () => forkEngineHost(join(appRoot, 'main', 'engine-host.js')),
    { home, processor: processorCommand(app.isPackaged, appRoot), sqliteBinding },
    {
      restart: true,
      onHostExit: ({ code, restarting }) => {
        log.error(`engine process exited (code ${code})${restarting ? '; restarting it' : ''}`);
        if (!restarting && !shutdownStarted) {
          dialog.showErrorBox('AltDeck stopped working', `The engine stopped and could not be restarted. Nothing in the queue is lost: start AltDeck again.\n\nDetails are in the log: ${join(home, 'logs', 'altdeck.log')}`);
          app.exit(1);
        }
      },
    },
  );
  try {
    await client.ready;
  } catch (err) {
    // E.g. a queue written by a newer AltDeck: say so and leave the file untouched.
    log.error('engine failed to open', err);
    const logFile = join(home, 'logs', 'altdeck.log');
    dialog.showErrorBox('AltDeck cannot open its queue', `${err instanceof Error ? err.message : String(err)}\n\nDetails are in the log: ${logFile}`);
    app.exit(1);
    return;
  }
  const engine = client.engine;
  const settings = openSettingsStore(home);

  const keepAwake = createKeepAwake(
    { start: () => powerSaveBlocker.start('prevent-app-suspension'), stop: (id) => powerSaveBlocker.stop(id) },
    (active) => sendApp({ type: 'keep-awake', active }),
  );
  // Taskbar/dock progress while a batch runs; one notification when one stops by itself.
  const signals = createBatchSignals({
    setProgress: (value, mode) => win?.setProgressBar(value, { mode }),
    notify: (title, body) => {
      if (!Notification.isSupported()) return;
      const n = new Notification({ title, body, silent: false });
      n.on('click', () => win?.show());
      n.show();
    },
  });
  // The host coalesces events (≤ 10 deliveries a second) before they cross to main.
  client.onEvents((events: EngineEvent[]) => {
    for (const e of events) {
      keepAwake.onEvent(e);
      if (e.type === 'notice') log.info(`notice ${e.code}: ${e.message}`);
    }
    signals.onEvents(events);
    win?.webContents.send(EVENT_CHANNEL, events);
  });

  // Quitting or closing the window mid-batch asks first (the answer holds for this quit).
  let quitConfirmed = false;
  const confirmQuit = (): boolean | Promise<boolean> => (quitConfirmed || !signals.isRunning() ? true : askQuit());
  const askQuit = async () => {
    const r = win ? await dialog.showMessageBox(win, QUIT_QUESTION) : await dialog.showMessageBox(QUIT_QUESTION);
    quitConfirmed = r.response === 0;
    return quitConfirmed;
  };

  const shutdown = createShutdown({
    shutdownEngine: async () => {
      shutdownStarted = true;
      await client.shutdown();
    },
    notify: (message) => sendApp({ type: 'shutting-down', message }),
    quit: () => app.quit(),
    confirmQuit,
    log,
  });
  app.on('before-quit', (e) => shutdown.onBeforeQuit(e));
  app.on('window-all-closed', () => app.quit());

  const handlers = createIpcHandlers(engine, {
    settings,
    appInfo: () => ({
      version: app.getVersion(),
      platform: process.platform,
      homeDir: home,
      logFile: nodeLog.transports.file.getFile().path,
      pendingOpenFiles: pendingOpen.splice(0),
    }),
    pickInputs: async (kind) => {
      const r = await dialog.showOpenDialog(
        win!,
        kind === 'folder'
          ? { title: 'Add a folder of decks', properties: ['openDirectory', 'multiSelections'] }
          : {
              title: 'Add decks',
              properties: ['openFile', 'multiSelections'],
              filters: [{ name: 'PowerPoint', extensions: ['pptx', 'pptm', 'ppsx', 'potx'] }],
            },
      );
      return r.canceled ? [] : r.filePaths;
    },
    pickFolder: async () => {
      const r = await dialog.showOpenDialog(win!, { title: 'Output folder', properties: ['openDirectory', 'createDirectory'] });
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
    openPath: (p) => shell.openPath(p),
    showItemInFolder: (p) => shell.showItemInFolder(p),
    logsDir,
    isShuttingDown: () => shutdown.isShuttingDown(),
    saveText: async (defaultName, content) => {
      const ext = defaultName.split('.').pop() ?? 'json';
      const r = await dialog.showSaveDialog(win!, {
        title: 'Save review decisions',
        defaultPath: join(app.getPath('documents'), defaultName),
        filters: [{ name: ext.toUpperCase(), extensions: [ext] }],
      });
      if (r.canceled || !r.filePath) return null;
      await writeFile(r.filePath, content, 'utf8');
      return r.filePath;
    },
  });
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event, payload) => {
      if (!isTrustedSender(event, rendererUrl)) {
        log.warn(`IPC ${channel} refused from ${event.senderFrame?.url}`);
        throw new Error('FORBIDDEN_SENDER: not the AltDeck window');
      }
      return handlers[channel](payload);
    });
  }

  // No remote content, no permissions: the renderer never needs the network.
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onBeforeRequest((details, cb) => cb({ cancel: !isAllowedRequest(details.url, APP_ORIGIN, devTools) }));
  ses.webRequest.onHeadersReceived((details, cb) =>
    cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } }),
  );
  app.on('web-contents-created', (_e, contents) => hardenWebContents(contents, (what, url) => log.warn(`blocked ${what} ${url}`)));

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({
        platform: process.platform,
        openLogs: () => void shell.openPath(logsDir()),
        openOutputs: async () => {
          const dir = settings.get().outputDir || (await engine.listBatches().catch(() => []))[0]?.settings.outputDir;
          if (dir) void shell.openPath(dir);
        },
        quit: () => app.quit(),
      }) as Electron.MenuItemConstructorOptions[],
    ),
  );

  win = new BrowserWindow({
    width: 1200,
    height: 820,
    minWidth: 760,
    minHeight: 560,
    title: 'AltDeck',
    show: false,
    backgroundColor: '#ffffff',
    // Spelled out (not only in the spread) so static checkers such as electronegativity see them.
    webPreferences: {
      ...secureWebPreferences(join(appRoot, 'preload', 'preload.js'), devTools),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  win.once('ready-to-show', () => win?.show());
  win.on('close', (e) => {
    if (quitConfirmed || !signals.isRunning()) return;
    e.preventDefault();
    void askQuit().then((yes) => yes && app.quit());
  });
  win.on('closed', () => (win = null));
  await win.loadURL(rendererUrl);
}

/** The engine's process: an Electron utility process (a Node environment without a window). */
function forkEngineHost(modulePath: string): HostChannel {
  const child = utilityProcess.fork(modulePath, [], { serviceName: 'AltDeck engine', stdio: 'inherit' });
  return {
    post: (m) => child.postMessage(m),
    onMessage: (fn) => void child.on('message', fn),
    onExit: (fn) => void child.on('exit', (code) => fn(code)),
    kill: () => void child.kill(),
    get pid() {
      return child.pid;
    },
  };
}
