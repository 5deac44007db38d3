import { useEffect } from 'react';
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiClient } from '@shared/api/index';
import type { AutomationOverview } from '@shared/entities/automation';
import type { AppError } from '@shared/errors';
import { perClient, useApi } from '../../api/context';
import { useReconnected } from '../../api/connection';
import { toAppError } from '../../api/core';

export interface OverviewState {
  overview: AutomationOverview | null;
  /** Unread inbox items (from the overview, then from `inbox.changed`). */
  unread: number;
  error: AppError | null;
  /** Subscribes and loads; later calls do nothing. */
  start(): void;
  reload(): Promise<void>;
}

/**
 * What the tray shows, for the sidebar's unread count and the approvals that queued runs wait for:
 * loaded once, its unread count kept by `inbox.changed`, reloaded (batched) when automations or
 * their runs change.
 */
export function createOverviewStore(api: ApiClient, delayMs = 250): StoreApi<OverviewState> {
  let started = false;
  let generation = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  return createStore<OverviewState>((set, get) => {
    const later = () => {
      timer ??= setTimeout(() => {
        timer = null;
        void get().reload();
      }, delayMs);
    };
    return {
      overview: null,
      unread: 0,
      error: null,
      start() {
        if (started) return;
        started = true;
        api.subscribe('inbox.changed', ({ unread }) => set({ unread }));
        api.subscribe('automations.changed', later);
        api.subscribe('automations.run', later);
        // A run of an automation may start or stop waiting for an approval.
        api.subscribe('run.status', (run) => {
          const waiting = get().overview?.waiting ?? [];
          if (run.status === 'waiting_approval' || waiting.some((w) => w.runId === run.id)) later();
        });
        void get().reload();
      },
      async reload() {
        const mine = ++generation;
        try {
          const overview = await api.call('automations.overview', {});
          if (mine !== generation) return;
          set({ overview, unread: overview.unread, error: null });
        } catch (error) {
          if (mine === generation) set({ error: toAppError(error) });
        }
      },
    };
  });
}

export const overviewStoreFor = perClient((api) => createOverviewStore(api));

export function useOverview<T>(selector: (state: OverviewState) => T): T {
  const store = overviewStoreFor(useApi());
  useEffect(() => store.getState().start(), [store]);
  useReconnected(() => void store.getState().reload());
  return useStore(store, selector);
}
