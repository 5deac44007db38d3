import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import type { EventName, EventPayload } from '@shared/api/index';
import type { AppError } from '@shared/errors';
import { useReconnected } from '../../api/connection';
import { useApi } from '../../api/context';
import { toAppError } from '../../api/core';

export interface Live<T> {
  /** The last loaded value with the events since applied; kept while a reload runs. */
  data: T | undefined;
  error: AppError | null;
  loading: boolean;
  reload: () => void;
  /** Changes the value in place (after a call that answered with the change). */
  update: (change: (value: T) => T) => void;
}

/**
 * Loads a value and keeps it current with one event: events that arrive while it loads are applied
 * on top of the loaded value. Loads again when the deps change and after a reconnect.
 */
export function useLive<T, E extends EventName>(
  load: () => Promise<T>,
  event: E,
  apply: (value: T, payload: EventPayload<E>) => T,
  deps: DependencyList,
): Live<T> {
  const api = useApi();
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<AppError | null>(null);
  const [loading, setLoading] = useState(true);
  const [nonce, setNonce] = useState(0);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  useReconnected(reload);
  const applyRef = useRef(apply);
  useEffect(() => {
    applyRef.current = apply;
  });

  useEffect(() => {
    let current = true;
    let buffered: EventPayload<E>[] | null = [];
    const unsubscribe = api.subscribe(event, (payload) => {
      if (!current) return;
      if (buffered) buffered.push(payload);
      else setData((value) => (value === undefined ? value : applyRef.current(value, payload)));
    });
    setLoading(true);
    load().then(
      (value) => {
        if (!current) return;
        const caught = buffered ?? [];
        buffered = null;
        setData(caught.reduce((v, payload) => applyRef.current(v, payload), value));
        setError(null);
        setLoading(false);
      },
      (caught: unknown) => {
        if (!current) return;
        buffered = null;
        setError(toAppError(caught));
        setLoading(false);
      },
    );
    return () => {
      current = false;
      unsubscribe();
    };
  }, [api, event, ...deps, nonce]);

  const update = useCallback(
    (change: (value: T) => T) => setData((value) => (value === undefined ? value : change(value))),
    [],
  );
  return { data, error, loading, reload, update };
}
