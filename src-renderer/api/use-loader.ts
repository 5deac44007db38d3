import { useCallback, useEffect, useState, type DependencyList } from 'react';
import type { AppError } from '@shared/errors';
import { useReconnected } from './connection';
import { toAppError } from './core';

export interface Loaded<T> {
  /** The last loaded value; kept while a reload runs. */
  data: T | undefined;
  error: AppError | null;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads a value when the deps change (and after a reconnect); answers of an older load are
 * ignored. `load` is read when the deps change, like an effect.
 */
export function useLoader<T>(load: () => Promise<T>, deps: DependencyList): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<AppError | null>(null);
  const [loading, setLoading] = useState(true);
  const [nonce, setNonce] = useState(0);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  useReconnected(reload);

  useEffect(() => {
    let current = true;
    setLoading(true);
    load().then(
      (value) => {
        if (!current) return;
        setData(value);
        setError(null);
        setLoading(false);
      },
      (caught: unknown) => {
        if (!current) return;
        setError(toAppError(caught));
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
  }, [...deps, nonce]);

  return { data, error, loading, reload };
}
