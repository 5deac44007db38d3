import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Menu, nativeImage, Tray, type NativeImage } from 'electron';
import type { EventName } from '@shared/api/index';
import type { AutomationOverview } from '@shared/entities/automation';
import type { Engine } from '../engine/engine';
import type { Logger } from '../engine/config/logger';
import { trayBadge, trayMenu, trayTooltip, type TrayAction, type TrayBadge } from '../engine/automations/tray-menu';
import { trayEffect, type ShellTarget, type TrayEffect } from '../engine/automations/shell-routes';
import { toMenuTemplate } from './tray-template';

/**
 * The tray icon: renders the engine's tray model (menu, tooltip, badge) and runs the actions it
 * names. Every decision is in src-main/engine/automations/tray-menu.ts; this only draws and calls.
 */

export interface TrayDeps {
  engine: Pick<Engine, 'handlers' | 'bus'>;
  logger: Logger;
  /** Shows (and focuses) the window, at a place when given. */
  showWindow(target?: ShellTarget): void;
  isWindowVisible(): boolean;
  quit(): void;
}

/** Refreshed on these events, and every REFRESH_MS for the "in 12 min" and elapsed times. */
const REFRESH_ON: EventName[] = ['automations.run', 'automations.changed', 'inbox.changed'];
const REFRESH_MS = 30_000;
/** Bursts of events make one refresh. */
const DEBOUNCE_MS = 250;
const EMPTY_OVERVIEW: AutomationOverview = { running: [], waiting: [], next: [], unread: 0, pausedAll: null, total: 0, active: 0 };

/** resources/tray: beside the app in a packaged build (extraResources), else in the source tree. */
export function trayIconDir(): string | null {
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath && existsSync(join(resourcesPath, 'tray'))) return join(resourcesPath, 'tray');
  for (let dir = import.meta.dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'resources', 'tray');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return null;
  }
}

export function createTray(deps: TrayDeps): { refresh(): void; dispose(): void } {
  const { engine, logger } = deps;
  const iconDir = trayIconDir();
  const icons = new Map<TrayBadge['icon'], NativeImage>();
  const icon = (state: TrayBadge['icon']): NativeImage => {
    let image = icons.get(state);
    if (!image) {
      // tray-<state>.png; Electron picks tray-<state>@2x.png on high-density screens.
      image = iconDir ? nativeImage.createFromPath(join(iconDir, `tray-${state}.png`)) : nativeImage.createEmpty();
      icons.set(state, image);
    }
    return image;
  };
  if (!iconDir) logger.warn('tray icons not found (resources/tray): the tray icon is empty');

  const tray = new Tray(icon('idle'));
  tray.setToolTip('Agent Factory');
  let disposed = false;
  let pending: NodeJS.Timeout | undefined;

  const call = (effect: Extract<TrayEffect, { kind: 'call' }>): Promise<unknown> => {
    const ctx = { origin: 'internal' as const };
    switch (effect.method) {
      case 'runs.cancel':
        return engine.handlers['runs.cancel'](effect.input, ctx);
      case 'automations.pauseAll':
        return engine.handlers['automations.pauseAll'](effect.input, ctx);
      case 'automations.resumeAll':
        return engine.handlers['automations.resumeAll'](effect.input, ctx);
    }
  };

  const run = (action: TrayAction) => {
    const effect = trayEffect(action);
    if (effect.kind === 'quit') return deps.quit();
    if (effect.kind === 'show') return deps.showWindow(effect.target);
    call(effect).then(
      () => schedule(),
      (error: unknown) => logger.warn({ err: error, action }, 'tray action failed'),
    );
  };

  const refresh = async () => {
    const overview = await engine.handlers['automations.overview']({}, { origin: 'internal' });
    if (disposed) return;
    const now = new Date();
    const items = trayMenu(overview, now, { windowVisible: deps.isWindowVisible() });
    tray.setContextMenu(Menu.buildFromTemplate(toMenuTemplate(items, run)));
    tray.setToolTip(trayTooltip(overview, now));
    const badge = trayBadge(overview);
    tray.setImage(icon(badge.icon));
    if (process.platform === 'darwin') tray.setTitle(badge.text);
  };

  // Without an overview (the engine failed to answer) the menu still opens the window and quits.
  const fallback = () => {
    const items = trayMenu(EMPTY_OVERVIEW, new Date(), { windowVisible: deps.isWindowVisible() }).filter(
      (item) => item.kind === 'item' && (item.action.type === 'show-window' || item.action.type === 'quit'),
    );
    tray.setContextMenu(Menu.buildFromTemplate(toMenuTemplate(items, run)));
  };

  const schedule = () => {
    if (disposed || pending) return;
    pending = setTimeout(() => {
      pending = undefined;
      refresh().catch((error: unknown) => {
        logger.warn({ err: error }, 'tray refresh failed');
        if (!disposed) fallback();
      });
    }, DEBOUNCE_MS);
  };

  // Windows: a click on the icon opens the window (the menu is on right-click there).
  if (process.platform === 'win32') tray.on('click', () => deps.showWindow());

  const offs = REFRESH_ON.map((event) => engine.bus.subscribe(event, schedule));
  const timer = setInterval(schedule, REFRESH_MS);
  schedule();

  return {
    refresh: schedule,
    dispose() {
      disposed = true;
      clearInterval(timer);
      clearTimeout(pending);
      for (const off of offs) off();
      tray.destroy();
    },
  };
}
