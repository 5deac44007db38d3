import type { DesktopSettings } from '@shared/entities/settings';

/**
 * What closing the window does: close it (the app quits unless macOS keeps it), hide it to the tray,
 * or hide it and, the first time, tell the user where the app went.
 */
export type CloseAction = 'close' | 'hide' | 'hide-with-notice';

export function closeAction(desktop: DesktopSettings, state: { quitting: boolean; trayShown: boolean }): CloseAction {
  // Quitting (from the tray, the app menu, the OS) always closes; without a tray icon there is nowhere to hide to.
  if (state.quitting || !state.trayShown || !desktop.closeToTray) return 'close';
  return desktop.closeToTrayNoticeShown ? 'hide' : 'hide-with-notice';
}
