import { useState } from 'react';
import type { Settings, SettingsView } from '@shared/entities/settings';
import { useApi } from '../../api/context';
import { toAppError } from '../../api/core';

type Patch = Partial<Omit<Settings, 'version'>>;

/** Saves a section of the settings: busy while saving, the error in words, the new view on success. */
export function useSectionSave(onView: (view: SettingsView) => void): { busy: boolean; error: string | undefined; save: (patch: Patch) => Promise<void> } {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const save = async (patch: Patch) => {
    setBusy(true);
    setError(undefined);
    try {
      onView(await api.call('settings.update', { patch }));
    } catch (caught) {
      const appError = toAppError(caught);
      setError([appError.message, appError.hint].filter(Boolean).join(' '));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, save };
}
