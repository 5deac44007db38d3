import type { DesktopSettings as Desktop, SettingsView } from '@shared/entities/settings';
import { Checkbox } from '../../ui/Checkbox';
import { SaveError } from './SaveError';
import { useSectionSave } from './use-section-save';

/** The desktop app's behaviour: keep running in the tray when the window closes, open at login. */
export function DesktopSettings({
  view,
  onView,
}: {
  view: SettingsView;
  onView: (view: SettingsView) => void;
}) {
  const { busy, error, save: saveSection } = useSectionSave(onView);
  const desktop = view.settings.desktop;
  // The whole section goes: a patch replaces it (fields left out would fall back to defaults).
  const save = (change: Partial<Desktop>) => saveSection({ desktop: { ...desktop, ...change } });

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
      <SaveError error={error} />
    </div>
  );
}
