import type { MenuItemConstructorOptions } from 'electron';
import type { TrayAction, TrayItem } from '../engine/automations/tray-menu';

/**
 * The engine's tray model as an Electron menu template (pure: the shell passes it to
 * `Menu.buildFromTemplate`). Headers are disabled items; on Windows "&" is doubled so a name with
 * one is not read as an access key.
 */
export function toMenuTemplate(
  items: TrayItem[],
  run: (action: TrayAction) => void,
  platform: string = process.platform,
): MenuItemConstructorOptions[] {
  const text = (label: string) => (platform === 'win32' ? label.replace(/&/g, '&&') : label);
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'header':
        return { label: text(item.label), enabled: false };
      case 'submenu':
        return { label: text(item.label), submenu: toMenuTemplate(item.items, run, platform) };
      case 'item':
        return { id: item.id, label: text(item.label), enabled: item.enabled, click: () => run(item.action) };
    }
  });
}
