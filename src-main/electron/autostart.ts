import { join } from 'node:path';

/**
 * Start at login, the parts that are not Electron calls: the argument that marks a launch at login
 * (the window stays in the tray), and the XDG autostart entry on Linux, where Electron's
 * `app.setLoginItemSettings` does nothing.
 */

/** Passed by the login item: start in the tray, without showing the window. */
export const HIDDEN_ARG = '--hidden';

/** Whether this launch came from the login item (macOS tells; Windows and Linux pass HIDDEN_ARG). */
export function openedAtLogin(argv: readonly string[], wasOpenedAtLogin: boolean): boolean {
  return wasOpenedAtLogin || argv.includes(HIDDEN_ARG);
}

/** `~/.config/autostart/agent-factory.desktop` (XDG_CONFIG_HOME respected). */
export function linuxAutostartPath(env: NodeJS.ProcessEnv, home: string): string {
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'autostart', 'agent-factory.desktop');
}

/** One argument of an Exec line, quoted as the Desktop Entry spec asks when it must be. */
function execArg(arg: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
}

/** The autostart entry that starts `command` (executable first) in the tray at login. */
export function linuxAutostartEntry(command: readonly string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Agent Factory',
    'Comment=Runs your automations in the background',
    `Exec=${[...command, HIDDEN_ARG].map(execArg).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}
