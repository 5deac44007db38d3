import { describe, expect, it } from 'vitest';
import { DesktopSettings } from '@shared/entities/settings';
import { closeAction } from './close-to-tray';

const desktop = (patch: Partial<DesktopSettings> = {}) => DesktopSettings.parse(patch);
const open = { quitting: false, trayShown: true };

describe('closing the window', () => {
  it('hides to the tray by default, with a notice the first time only', () => {
    expect(closeAction(desktop(), open)).toBe('hide-with-notice');
    expect(closeAction(desktop({ closeToTrayNoticeShown: true }), open)).toBe('hide');
  });

  it('closes when the setting is off, when quitting, or when there is no tray icon', () => {
    expect(closeAction(desktop({ closeToTray: false }), open)).toBe('close');
    expect(closeAction(desktop(), { ...open, quitting: true })).toBe('close');
    expect(closeAction(desktop(), { ...open, trayShown: false })).toBe('close');
  });
});
