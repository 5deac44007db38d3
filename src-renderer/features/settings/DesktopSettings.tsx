import { useState } from 'react';
import type { DesktopSettings as Desktop, SettingsView } from '@shared/entities/settings';
import { useApi } from '../../api/context';
import { toAppError } from '../../api/core';
import { Checkbox } from '../../ui/Checkbox';

/** The desktop app's behaviour: keep running in the tray when the window closes, open at login. */
export function DesktopSettings({
  view,
  onView,
}: {
  view: SettingsView;
  onView: (view: SettingsView) => void;
}) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const desktop = view.settings.desktop;

  const save = async (change: Partial<Desktop>) => {
    setBusy(true);
    setError(undefined);
    try {
      // The whole section goes: a patch replaces it (fields left out would fall back to defaults).
      onView(await api.call('settings.update', { patch: { desktop: { ...desktop, ...change } } }));
    } catch (caught) {
      const appError = toAppError(caught);
      setError([appError.message, appError.hint].filter(Boolean).join(' '));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="space-y-3" data-testid="desktop-settings">
      <Checkbox
        id="desktop-close-to-tray"
        label="Keep running in the tray"
        checked={desktop.closeToTray}
        disabled={busy}
        onChange={(closeToTray) => void save({ closeToTray })}
        hint="Closing the window leaves Agent Factory in the tray (the menu bar on macOS), so automations keep running on schedule. Quit from the tray menu. Off: closing the window quits."
      />
      <Checkbox
        id="desktop-start-at-login"
        label="Start at login"
        checked={desktop.startAtLogin}
        disabled={busy}
        onChange={(startAtLogin) => void save({ startAtLogin })}
        hint="Opens Agent Factory in the tray when you log in, so scheduled automations run without opening the window."
      />
      {error ? (
        <p role="alert" className="text-xs text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}
