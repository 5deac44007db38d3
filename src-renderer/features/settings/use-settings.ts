import { useCallback, useEffect, useState } from 'react';
import type { MethodOutput } from '@shared/api/index';
import type { SettingsView } from '@shared/entities/settings';
import type { AppError } from '@shared/errors';
import { useReconnected } from '../../api/connection';
import { useApi } from '../../api/context';
import { toAppError } from '../../api/core';

export interface SettingsData {
  view: SettingsView | null;
  info: MethodOutput<'system.info'> | null;
  error: AppError | null;
  reload: () => void;
  /** Replaces the shown settings with a newer view (after a save). */
  setView: (view: SettingsView) => void;
}

/** Loads the settings and system info, and follows `settings.changed` live. */
export function useSettings(): SettingsData {
  const api = useApi();
  const [view, setView] = useState<SettingsView | null>(null);
  const [info, setInfo] = useState<MethodOutput<'system.info'> | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  const reload = useCallback(() => {
    setError(null);
    Promise.all([api.call('settings.get', {}), api.call('system.info', {})]).then(
      ([nextView, nextInfo]) => {
        setView(nextView);
        setInfo(nextInfo);
      },
      (caught: unknown) => setError(toAppError(caught)),
    );
  }, [api]);

  useEffect(() => {
    const stop = api.subscribe('settings.changed', setView);
    reload();
    return stop;
  }, [api, reload]);
  useReconnected(reload);

  return { view, info, error, reload, setView };
}
