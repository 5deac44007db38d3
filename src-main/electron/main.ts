import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, safeStorage, session } from 'electron';
import { createEngine, type Engine } from '../engine/engine';
import { createLogger } from '../engine/config/logger';
import type { SecretCipher } from '../engine/config/secrets';
import { createRouter } from '../transport/router';
import { startApiServer, type ApiServer } from '../transport/ws-server';
import { version, writeServerFile } from '../cli/runtime';
import { registerIpc } from './ipc';
import { hardenContents, hardenSession } from './security';

const rendererUrl = process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(join(import.meta.dirname, '../renderer/index.html')).toString();

const cipher: SecretCipher | undefined = safeStorage.isEncryptionAvailable()
  ? {
      encrypt: (plain) => safeStorage.encryptString(plain).toString('base64'),
      decrypt: (cipherText) => safeStorage.decryptString(Buffer.from(cipherText, 'base64')),
    }
  : undefined;

let engine: Engine | undefined;
let apiServer: ApiServer | undefined;
let window: BrowserWindow | undefined;
const cleanups: Array<() => void> = [];

function createWindow(): BrowserWindow {
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
  win.once('ready-to-show', () => win.show());
  void win.loadURL(rendererUrl);
  return win;
}

async function start(): Promise<void> {
  const dataDir = app.getPath('userData');
  const logger = createLogger({ dataDir, pretty: !app.isPackaged });
  hardenSession(session.defaultSession);
  hardenContents(rendererUrl);
  engine = await createEngine({ dataDir, mode: 'electron', version, logger, ...(cipher ? { secretCipher: cipher } : {}) });
  const router = createRouter(engine.handlers, logger);
  cleanups.push(registerIpc(router, engine.bus, rendererUrl));
  // The CLI talks to the running app through this loopback endpoint (token in server.json, 0600).
  apiServer = await startApiServer({ router, bus: engine.bus, logger });
  cleanups.push(writeServerFile(dataDir, { pid: process.pid, port: apiServer.port, token: apiServer.token, url: apiServer.url }));
  window = createWindow();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.whenReady().then(start, (error: unknown) => {
    console.error(error);
    app.exit(1);
  });
  app.on('activate', () => {
    if (engine && BrowserWindow.getAllWindows().length === 0) window = createWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let stopped = false;
  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    stopped = true;
    void (async () => {
      for (const cleanup of cleanups.splice(0).reverse()) cleanup();
      await apiServer?.close();
      await engine?.close();
      app.exit(0);
    })();
  });
}
