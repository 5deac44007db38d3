import { join } from 'node:path';
import { app, BrowserWindow, session, shell } from 'electron';
import { createEngine, type Engine } from '../engine/engine';
import { createLogger } from '../engine/config/logger';
import { createRouter } from '../transport/router';
import { startApiServer, type ApiServer } from '../transport/ws-server';
import { engineOps } from '../transport/ops-routes';
import { version, writeServerFile } from '../cli/runtime';
import { handleAppProtocol, registerAppScheme } from './app-protocol';
import { registerIpc } from './ipc';
import { openedAtLogin } from './autostart';
import { startBackground, type Background } from './background';
import { createTray } from './tray';
import { rendererUrl as chooseRendererUrl } from './renderer-url';
import { desktopSecretStorage } from './safe-storage';
import { hardenContents, hardenSession } from './security';
import { utilityProcessLauncher } from './utility-worker';

// The dev server only when not packaged; otherwise the bundled UI on app:// (never file://).
const rendererUrl = chooseRendererUrl({ isPackaged: app.isPackaged, env: process.env });
// Privileged schemes must be registered before `ready`.
registerAppScheme();

let engine: Engine | undefined;
let apiServer: ApiServer | undefined;
let window: BrowserWindow | undefined;
let background: Background | undefined;
let tray: ReturnType<typeof createTray> | undefined;
const cleanups: Array<() => void> = [];

/** The window, made again when it was closed (close to tray off, or macOS). */
function ensureWindow(): BrowserWindow {
  if (!window || window.isDestroyed()) window = createWindow();
  return window;
}

function createWindow(show = true): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Agent Factory',
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    },
  });
  // Started at login: the app waits in the tray until the user opens it.
  if (show) win.once('ready-to-show', () => win.show());
  background?.attachWindow(win);
  // The tray's window item reads "Show window" or "Open Agent Factory".
  win.on('show', () => tray?.refresh());
  win.on('hide', () => tray?.refresh());
  void win.loadURL(rendererUrl);
  return win;
}

async function start(): Promise<void> {
  const dataDir = app.getPath('userData');
  const logger = createLogger({ dataDir, pretty: !app.isPackaged });
  hardenSession(session.defaultSession);
  hardenContents(rendererUrl);
  cleanups.push(handleAppProtocol(session.defaultSession, join(import.meta.dirname, '../renderer')));
  // Asked after `ready`: before it, safeStorage answers "unavailable" on Linux and Windows.
  const secretStorage = await desktopSecretStorage();
  logger.info({ ...secretStorage.facts, cipher: secretStorage.cipher?.backend }, 'secret storage');
  engine = await createEngine({
    dataDir,
    mode: 'electron',
    version,
    logger,
    secretFacts: secretStorage.facts,
    ...(secretStorage.cipher ? { secretCipher: secretStorage.cipher } : {}),
    // The packaged app's RunAsNode fuse is off (electron-builder.yml): workers are utility processes.
    workerProcesses: { utilityProcess: utilityProcessLauncher, runAsNodeFuse: !app.isPackaged },
    // MCP OAuth sign-in pages open in the system browser (the loopback callback is the engine's).
    openUrl: (url) => shell.openExternal(url),
  });
  const router = createRouter(engine.handlers, logger);
  cleanups.push(registerIpc(router, engine.bus, rendererUrl));
  // The CLI talks to the running app through this loopback endpoint (token in server.json, 0600).
  // Also /metrics and /healthz, and webhooks of automations, like `serve`.
  apiServer = await startApiServer({ router, bus: engine.bus, logger, ops: engineOps(engine, version), webhooks: engine.automations.webhooks });
  cleanups.push(writeServerFile(dataDir, { pid: process.pid, port: apiServer.port, token: apiServer.token, url: apiServer.url }));
  // The tray, close to tray, start at login, sleep/power and notifications (src-main/electron/background.ts).
  const started = engine;
  background = startBackground({ engine: started, automations: started.automations, logger, window: ensureWindow, trayShown: () => !!tray });
  try {
    tray = createTray({
      engine: started,
      logger,
      showWindow: (target) => background?.showWindow(target),
      isWindowVisible: () => !!window && !window.isDestroyed() && window.isVisible(),
      quit: () => app.quit(),
    });
    cleanups.push(() => tray?.dispose());
  } catch (error) {
    logger.warn({ err: error }, 'no tray icon: closing the window quits');
  }
  cleanups.push(() => background?.dispose());
  const hidden = !!tray && openedAtLogin(process.argv, app.getLoginItemSettings().wasOpenedAtLogin);
  window = createWindow(!hidden);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    // Also brings back a window hidden in the tray.
    if (background) background.showWindow();
    else if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.whenReady().then(start, (error: unknown) => {
    console.error(error);
    app.exit(1);
  });
  app.on('activate', () => {
    // macOS dock icon: brings back a window hidden in the tray, or makes a new one.
    if (engine && background) background.showWindow();
    else if (engine && BrowserWindow.getAllWindows().length === 0) window = createWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let stopped = false;
  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    stopped = true;
    background?.setQuitting();
    void (async () => {
      for (const cleanup of cleanups.splice(0).reverse()) cleanup();
      await apiServer?.close();
      await engine?.close();
      app.exit(0);
    })();
  });
}
