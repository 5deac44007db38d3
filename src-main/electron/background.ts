import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname } from 'node:path';
import { app, Notification, powerMonitor, type BrowserWindow } from 'electron';
import type { AutomationNotification } from '@shared/entities/automation';
import type { Engine } from '../engine/engine';
import type { Logger } from '../engine/config/logger';
import { closeToTrayNotice } from '../engine/automations/notifications';
import { notificationTarget, routeFor, routeHash, type ShellTarget } from '../engine/automations/shell-routes';
import { HIDDEN_ARG, linuxAutostartEntry, linuxAutostartPath } from './autostart';
import { closeAction } from './close-to-tray';

/**
 * The desktop app in the background: close to the tray, start at login, sleep and power changes
 * passed to the scheduler, and the engine's notifications shown by the OS. Decisions (texts, when
 * to hide, where a click goes) are made in pure modules; this only connects them to Electron.
 */

const APP_USER_MODEL_ID = 'dev.agentfactory.app';

/** What the scheduler needs to hear from the OS. */
export interface AutomationPowerHooks {
  /** After sleep: the missed-fire policy applies to what fell due meanwhile. */
  clockJumped(): void;
  /** On AC power (true), on battery (false), unknown (null): the `onAcPower` condition. */
  setPowerSource(onAc: boolean | null): void;
}

export interface BackgroundDeps {
  engine: Pick<Engine, 'bus' | 'settings' | 'handlers'>;
  automations: AutomationPowerHooks;
  logger: Logger;
  /** The window, made again if it was closed. */
  window(): BrowserWindow;
  /** Whether the tray icon is up (without it, closing the window must not hide it). */
  trayShown(): boolean;
}

export interface Background {
  /** Hooks the window's close to hide it in the tray (call for every window made). */
  attachWindow(win: BrowserWindow): void;
  /** Shows and focuses the window, at a place when given. */
  showWindow(target?: ShellTarget): void;
  /** Set when the app is quitting for real: closing the window then closes it. */
  setQuitting(): void;
  dispose(): void;
}

export function startBackground(deps: BackgroundDeps): Background {
  const { engine, automations, logger } = deps;
  let quitting = false;
  const offs: Array<() => void> = [];
  // Notifications are kept until closed: one collected by the GC loses its click handler.
  const shown = new Set<Notification>();

  // Windows shows toasts only for an app with an AppUserModelID (electron-builder.yml's appId).
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);

  const notify = (title: string, body: string, onClick?: () => void) => {
    if (!Notification.isSupported()) return;
    const note = new Notification({ title, body });
    shown.add(note);
    note.on('close', () => shown.delete(note));
    if (onClick) {
      note.on('click', () => {
        shown.delete(note);
        onClick();
      });
    }
    note.show();
  };

  const showWindow = (target?: ShellTarget) => {
    const win = deps.window();
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
    if (target) void navigate(win, target);
  };

  const navigate = async (win: BrowserWindow, target: ShellTarget) => {
    let agentId: string | null = null;
    if (target.kind === 'run') {
      agentId = await engine.handlers['runs.get']({ runId: target.runId }, { origin: 'internal' }).then(
        (run) => run.agentId,
        () => null,
      );
    }
    const hash = routeHash(routeFor(target, agentId));
    // The renderer routes by its location hash (src-renderer/app/route.ts): setting it is in-page, no reload.
    const go = () =>
      void win.webContents.executeJavaScript(`window.location.hash = ${JSON.stringify(hash)}`).catch((error: unknown) => {
        logger.warn({ err: error, hash }, 'could not open the route in the window');
      });
    if (win.webContents.isLoading()) win.webContents.once('did-finish-load', go);
    else go();
  };

  const attachWindow = (win: BrowserWindow) => {
    win.on('close', (event) => {
      const desktop = engine.settings.effective.desktop;
      const action = closeAction(desktop, { quitting, trayShown: deps.trayShown() });
      if (action === 'close') return;
      event.preventDefault();
      win.hide();
      if (action === 'hide-with-notice') {
        const notice = closeToTrayNotice(process.platform);
        notify(notice.title, notice.body, () => showWindow());
        engine.settings
          .update({ desktop: { ...engine.settings.effective.desktop, closeToTrayNoticeShown: true } })
          .catch((error: unknown) => logger.warn({ err: error }, 'could not save that the tray notice was shown'));
      }
    });
  };

  // Start at login: the OS login item (macOS, Windows) or an XDG autostart entry (Linux).
  let openAtLogin: boolean | undefined;
  const applyLoginItem = (wanted: boolean) => {
    if (wanted === openAtLogin) return;
    openAtLogin = wanted;
    try {
      if (process.platform === 'linux') {
        const path = linuxAutostartPath(process.env, homedir());
        if (wanted) {
          const command = process.env.APPIMAGE
            ? [process.env.APPIMAGE]
            : app.isPackaged
              ? [process.execPath]
              : [process.execPath, app.getAppPath()];
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, linuxAutostartEntry(command));
        } else {
          rmSync(path, { force: true });
        }
      } else {
        app.setLoginItemSettings({ openAtLogin: wanted, args: [HIDDEN_ARG] });
      }
    } catch (error) {
      logger.warn({ err: error, openAtLogin: wanted }, 'could not change start at login');
    }
  };
  applyLoginItem(engine.settings.effective.desktop.startAtLogin);
  offs.push(engine.bus.subscribe('settings.changed', (view) => applyLoginItem(view.settings.desktop.startAtLogin)));

  // Sleep and power: the scheduler applies its missed-fire policy after a resume; `onAcPower` conditions.
  const onResume = () => automations.clockJumped();
  const onAc = () => automations.setPowerSource(true);
  const onBattery = () => automations.setPowerSource(false);
  powerMonitor.on('resume', onResume);
  powerMonitor.on('on-ac', onAc);
  powerMonitor.on('on-battery', onBattery);
  automations.setPowerSource(!powerMonitor.isOnBatteryPower());
  offs.push(() => {
    powerMonitor.off('resume', onResume);
    powerMonitor.off('on-ac', onAc);
    powerMonitor.off('on-battery', onBattery);
  });

  // The engine's notifications (texts decided there); a click opens what they name.
  offs.push(
    engine.bus.subscribe('automations.notify', (n: AutomationNotification) =>
      notify(n.title, n.body, () => showWindow(notificationTarget(n))),
    ),
  );

  return {
    attachWindow,
    showWindow,
    setQuitting: () => {
      quitting = true;
    },
    dispose() {
      for (const off of offs.splice(0)) off();
      for (const note of shown) note.close();
      shown.clear();
    },
  };
}
