import { describe, expect, it } from 'vitest';
import { HIDDEN_ARG, linuxAutostartEntry, linuxAutostartPath, openedAtLogin } from './autostart';

describe('start at login', () => {
  it('knows a launch at login from macOS or from the hidden argument', () => {
    expect(openedAtLogin(['/app/agent-factory'], true)).toBe(true);
    expect(openedAtLogin(['/app/agent-factory', HIDDEN_ARG], false)).toBe(true);
    expect(openedAtLogin(['/app/agent-factory'], false)).toBe(false);
  });

  it('writes an XDG autostart entry that starts the app hidden, quoting paths with spaces', () => {
    const entry = linuxAutostartEntry(['/home/ana/Apps/Agent Factory.AppImage']);
    expect(entry).toContain('[Desktop Entry]\nType=Application\n');
    expect(entry).toContain('Exec="/home/ana/Apps/Agent Factory.AppImage" --hidden\n');
    expect(linuxAutostartEntry(['/usr/bin/electron', '/src/app', 'a$b'])).toContain('Exec=/usr/bin/electron /src/app "a\\$b" --hidden');
  });

  it('puts the entry in the XDG config folder', () => {
    expect(linuxAutostartPath({}, '/home/ana')).toBe('/home/ana/.config/autostart/agent-factory.desktop');
    expect(linuxAutostartPath({ XDG_CONFIG_HOME: '/cfg' }, '/home/ana')).toBe('/cfg/autostart/agent-factory.desktop');
  });
});
